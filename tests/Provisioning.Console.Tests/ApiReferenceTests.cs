using OpenQA.Selenium;

namespace Provisioning.Console.Tests;

[Collection(ConsoleStackCollection.Name)]
public sealed class ApiReferenceTests(ConsoleStack stack)
{
    [Fact]
    public void The_API_reference_shows_placeholders_links_to_the_console_and_offers_no_hosted_services()
    {
        using var browser = new Browser(stack.BaseUrl);
        browser.Open("/docs");
        browser.Wait(d => d.FindElement(By.TagName("body")).Text.Contains("Conversation Orchestrator configuration", StringComparison.Ordinal), "Scalar to render the reference");
        var text = browser.Find("body").Text;

        Assert.Contains("a Memory Store named client-<clientId> and", text);
        foreach (var hosted in new[] { "Ask AI", "Generate SDK", "Deploy", "Developer Tools" })
            Assert.DoesNotContain(hosted, text, StringComparison.OrdinalIgnoreCase);
        // Nothing is fetched from anywhere but this service (no CDN, no telemetry).
        var elsewhere = browser.Driver.ExecuteScript(
            "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin));") as IEnumerable<object>;
        Assert.Empty(elsewhere ?? []);

        browser.Driver.FindElement(By.LinkText("/admin")).Click();
        browser.Wait(d => d.Url.Contains("/admin/login", StringComparison.Ordinal), "the console's sign-in");
        Assert.Contains("/docs", browser.Find("main").GetAttribute("innerHTML"));
    }
}
