namespace Provisioning.Console.Tests;

[Collection(ConsoleStackCollection.Name)]
public sealed class AccessibilityTests(ConsoleStack stack)
{
    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task No_page_has_a_serious_or_critical_axe_violation(int width, int height)
    {
        var pages = await ConsolePages.ArrangeAsync(stack);
        using var browser = new Browser(stack.BaseUrl, width, height);
        browser.SignIn(ConsoleStack.AdminKey);
        var found = new List<string>();
        foreach (var (name, path) in pages)
        {
            browser.Open(path);
            // Open every disclosure, so that the forms inside are checked too.
            foreach (var summary in browser.FindAll("details > summary")) summary.Click();
            found.AddRange(browser.AccessibilityViolations().Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{name} ({path}): {v.Rule} [{v.Impact}] {v.Help} ({v.Nodes} elements)"));
            // Nothing wider than the window: usable on a phone without scrolling sideways (tables scroll in their own region).
            var overflow = Convert.ToInt64(browser.Driver.ExecuteScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;"), System.Globalization.CultureInfo.InvariantCulture);
            if (overflow > 0) found.Add($"{name} ({path}): the page is {overflow} px wider than a {width} px window");
        }
        Assert.True(found.Count == 0, string.Join('\n', found));
    }
}
