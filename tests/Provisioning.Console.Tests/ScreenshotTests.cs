namespace Provisioning.Console.Tests;

/// <summary>
/// Screenshots of every page at desktop width, and of the tenant page at phone width. Always taken (a page that
/// fails to render fails here); written to the folder named by PROVISIONING_CONSOLE_SCREENSHOTS when it is set:
/// <c>PROVISIONING_CONSOLE_SCREENSHOTS=$PWD/docs/console dotnet test tests/Provisioning.Console.Tests --filter ScreenshotTests</c>.
/// </summary>
[Collection(ConsoleStackCollection.Name)]
public sealed class ScreenshotTests(ConsoleStack stack)
{
    public const string FolderVariable = "PROVISIONING_CONSOLE_SCREENSHOTS";

    [Fact]
    public async Task Every_page_renders_and_is_photographed()
    {
        var pages = await ConsolePages.ArrangeAsync(stack);
        var folder = Environment.GetEnvironmentVariable(FolderVariable);
        if (folder is not null) Directory.CreateDirectory(folder);

        using (var desktop = new Browser(stack.BaseUrl, 1280, 1000))
        {
            desktop.Open("/admin/login");
            Save(desktop, "login", folder);
            desktop.SignIn(ConsoleStack.AdminKey);
            foreach (var (name, path) in pages.Where(p => p.Name != "login"))
            {
                desktop.Open(path);
                Save(desktop, name, folder);
            }
            desktop.Open("/docs");
            desktop.Wait(d => d.PageSource.Contains("Provisioning", StringComparison.Ordinal), "the API reference");
            Thread.Sleep(1500); // Scalar renders after its script loads
            Save(desktop, "docs", folder, wholePage: false);
        }
        using var phone = new Browser(stack.BaseUrl, 390, 844);
        phone.SignIn(ConsoleStack.AdminKey);
        phone.Open(pages.Single(p => p.Name == "tenant").Path);
        Save(phone, "tenant-phone", folder);
    }

    private static void Save(Browser browser, string name, string? folder, bool wholePage = true)
    {
        // The whole page, not only the window: make the window as tall as the page first.
        var height = !wholePage ? 0 : Convert.ToInt64(browser.Driver.ExecuteScript("return Math.min(document.documentElement.scrollHeight, 6000);"), System.Globalization.CultureInfo.InvariantCulture);
        var size = browser.Driver.Manage().Window.Size;
        browser.Driver.Manage().Window.Size = new System.Drawing.Size(size.Width, (int)Math.Max(height, size.Height));
        var png = browser.Screenshot();
        browser.Driver.Manage().Window.Size = size;
        Assert.True(png.Length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', $"{name}: not a PNG");
        if (folder is not null) File.WriteAllBytes(Path.Combine(folder, $"{name}.png"), png);
    }
}
