using System.Text.Json;
using OpenQA.Selenium;

namespace Provisioning.Console.Tests;

[Collection(ConsoleStackCollection.Name)]
public sealed class TenantPageTests(ConsoleStack stack)
{
    [Fact]
    public async Task A_failed_tenant_is_found_retried_and_seen_Ready_with_the_admin_as_actor()
    {
        await stack.SignUpFailedAsync("paged-at-3am");
        using var browser = new Browser(stack.BaseUrl);
        browser.SignIn(ConsoleStack.AdminKey);

        browser.Open("/admin/tenants");
        browser.Find("#q").SendKeys("paged-at");
        browser.Find("#status option[value=Failed]").Click();
        browser.Find("form.filters button").Click();
        browser.Wait(d => d.Url.Contains("status=Failed", StringComparison.Ordinal), "the search");
        browser.Driver.FindElement(By.LinkText("paged-at-3am")).Click();
        Assert.Contains("Failed", browser.Find("[data-field=status]").Text);
        Assert.Contains("403", browser.Find("dl.summary").Text); // the last error says why

        browser.Act("Retry", "Twilio permissions fixed");
        browser.Wait(d => d.FindElement(By.CssSelector("[data-field=status]")).Text.Contains("Ready", StringComparison.Ordinal), "the tenant to become Ready on the page");
        Assert.Contains("Retrying paged-at-3am", browser.Find(".message.done").Text);

        var retry = (await stack.EventsAsync("paged-at-3am")).Single(e => e.GetProperty("action").GetString() == "Retry");
        Assert.Equal(ConsoleStack.AdminName, retry.GetProperty("actor").GetString());
        Assert.Equal("Twilio permissions fixed", retry.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_tenant_is_recreated_with_a_new_store_and_the_old_one_retired()
    {
        var before = await stack.SignUpAsync("recreate-1");
        using var browser = new Browser(stack.BaseUrl);
        browser.SignIn(ConsoleStack.AdminKey);
        browser.Open("/admin/tenants/recreate-1");

        browser.Act("Recreate", "store corrupted");
        browser.Wait(d => d.FindElement(By.CssSelector(".message.done")).Text.Contains("Recreate of recreate-1 started", StringComparison.Ordinal), "the recreate to start");
        var after = await stack.WaitForStatusAsync("recreate-1", "Ready");
        browser.Wait(d => d.FindElement(By.CssSelector("[data-field=status]")).Text.Contains("Ready", StringComparison.Ordinal), "Ready again on the page");

        Assert.NotEqual(before.GetProperty("memoryStoreId").GetString(), after.GetProperty("memoryStoreId").GetString());
        Assert.Equal(before.GetProperty("memoryStoreId").GetString(), after.GetProperty("retiredStores")[0].GetProperty("storeId").GetString());
        var recreate = (await stack.EventsAsync("recreate-1")).Single(e => e.GetProperty("action").GetString() == "Reprovision:recreate");
        Assert.Equal(ConsoleStack.AdminName, recreate.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Settings_are_changed_through_the_merge_patch_and_shown_Applying_until_Twilio_has_them()
    {
        await stack.SignUpAsync("settings-1");
        // Slow configuration updates, so that "Applying…" is there to be seen.
        await stack.Emulator.UpdateSettingsAsync(o => o.ConfigurationOperationDelayMs = 3000);
        try
        {
            using var browser = new Browser(stack.BaseUrl);
            browser.SignIn(ConsoleStack.AdminKey);
            browser.Open("/admin/tenants/settings-1");
            browser.Find("#settings + details > summary").Click();
            browser.Find("#channel-0-addresses").SendKeys("+15551230001");
            browser.Find("input[name='Settings.Confirmed']").Click();
            browser.Find("form.settings button[type=submit]").Click();

            browser.Wait(d => d.FindElement(By.CssSelector("#tenant-summary")).Text.Contains("Applying", StringComparison.Ordinal), "Applying… on the page");
            browser.Wait(d => !d.FindElement(By.CssSelector("#tenant-summary")).Text.Contains("Applying", StringComparison.Ordinal), "Applying… to go once Twilio has the revision");
            var tenant = await stack.GetTenantAsync("settings-1");
            Assert.Equal(2, tenant.GetProperty("settingsRevision").GetInt32());
            Assert.Equal(2, tenant.GetProperty("appliedSettingsRevision").GetInt32());
            Assert.Equal("+15551230001", tenant.GetProperty("orchestrator").GetProperty("channels").GetProperty("SMS").GetProperty("addresses")[0].GetString());
        }
        finally
        {
            await stack.Emulator.UpdateSettingsAsync(o => o.ConfigurationOperationDelayMs = 100);
        }
    }

    [Fact]
    public async Task What_the_service_refuses_is_a_message_on_the_page_with_its_status()
    {
        await stack.SignUpAsync("refused-1");
        using var browser = new Browser(stack.BaseUrl);
        browser.SignIn(ConsoleStack.AdminKey);
        browser.Open("/admin/tenants/refused-1");
        browser.Find("#settings + details > summary").Click();
        browser.Find("#channel-3-addresses").SendKeys("12345");
        browser.Find("input[name='Settings.Confirmed']").Click();
        browser.Find("form.settings button[type=submit]").Click();

        browser.Wait(d => d.FindElements(By.CssSelector(".message.problem")).Count > 0, "the validation problem");
        var problem = browser.Find(".message.problem").Text;
        Assert.Contains("(400)", problem);
        Assert.Contains("VOICE", problem);
        Assert.Equal(1, (await stack.GetTenantAsync("refused-1")).GetProperty("settingsRevision").GetInt32());

        browser.Open("/admin/tenants/no-such-tenant");
        Assert.Contains("No tenant with clientId", browser.Find(".message.problem").Text);
    }

    [Fact]
    public async Task The_page_shows_every_field_the_API_has()
    {
        var tenant = await stack.SignUpAsync("fields-1");
        using var browser = new Browser(stack.BaseUrl);
        browser.SignIn(ConsoleStack.ControlPlaneKey);
        browser.Open("/admin/tenants/fields-1");
        var shown = browser.FindAll("#api-fields > dl.fields > dt").Select(e => e.Text).ToHashSet();

        foreach (var field in tenant.EnumerateObject().Select(p => p.Name))
            Assert.Contains(field, shown);
        Assert.Equal(JsonValueKind.String, tenant.GetProperty("memoryStoreId").ValueKind);
        Assert.Contains(tenant.GetProperty("memoryStoreId").GetString()!, browser.Find("#tenant-fields").Text);
    }
}
