using OpenQA.Selenium;

namespace Provisioning.Console.Tests;

[Collection(ConsoleStackCollection.Name)]
public sealed class ReconciliationPageTests(ConsoleStack stack)
{
    [Fact]
    public async Task A_dry_run_started_from_the_console_shows_its_findings_and_changes_nothing()
    {
        var tenant = await stack.SignUpAsync("drift-1");
        // Drift behind the service's back: the tenant's store is gone at Twilio.
        await stack.Emulator.DeleteStoreOutOfBandAsync(tenant.GetProperty("memoryStoreId").GetString()!);
        using var browser = new Browser(stack.BaseUrl);
        browser.SignIn(ConsoleStack.AdminKey);
        browser.Open("/admin/reconciliations");

        browser.Act("Start a dry run", reason: null);
        browser.Wait(d => d.Url.Contains("/admin/reconciliations/", StringComparison.Ordinal), "the run's page");
        browser.Wait(d => d.FindElement(By.CssSelector("[data-field=status]")).Text == "Completed", "the run to complete on the page", seconds: 60);

        var findings = browser.Find("table.findings").Text;
        Assert.Contains("MissingStore", findings);
        Assert.Contains("drift-1", findings);
        Assert.Contains("none (dry run; policy Repair)", findings);
        Assert.Equal("Dry run (changes nothing)", browser.Find("dl.summary dd").Text);
        Assert.Equal(1L, await stack.CountAsync($"select count(*) from reconciliation_runs where dry_run and actor = '{ConsoleStack.AdminName}' and trigger = 'console'"));
        // Nothing was repaired: the tenant is still Ready with its missing store.
        Assert.Equal(tenant.GetProperty("memoryStoreId").GetString(), (await stack.GetTenantAsync("drift-1")).GetProperty("memoryStoreId").GetString());
    }
}
