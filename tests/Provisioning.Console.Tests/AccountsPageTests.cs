using System.Net.Http.Json;
using System.Text.Json;
using OpenQA.Selenium;

namespace Provisioning.Console.Tests;

[Collection(ConsoleStackCollection.Name)]
public sealed class AccountsPageTests(ConsoleStack stack)
{
    [Fact]
    public async Task An_account_stops_taking_tenants_and_its_capacity_is_overridden_as_through_the_API()
    {
        await stack.SignUpAsync("accounts-1");
        var parent = stack.Emulator.ParentAccountSid;
        using var browser = new Browser(stack.BaseUrl);
        browser.SignIn(ConsoleStack.AdminKey);
        browser.Open("/admin/accounts");
        IWebElement Row() => browser.FindAll("table.accounts tbody tr").Single(r => r.Text.Contains(parent, StringComparison.Ordinal));

        var toggle = Row().FindElement(By.CssSelector("form.inline"));
        toggle.FindElement(By.CssSelector("input[name='Form.Confirmed']")).Click();
        toggle.FindElement(By.TagName("button")).Click();
        browser.Wait(d => d.FindElement(By.CssSelector(".message.done")).Text.Contains("takes no new tenants", StringComparison.Ordinal), "the toggle");
        Assert.False((await AccountAsync(parent)).GetProperty("acceptsTenants").GetBoolean());

        Row().FindElement(By.CssSelector("details.action > summary")).Click();
        var stores = Row().FindElement(By.CssSelector("input[name=StoreCapacity]"));
        stores.Clear();
        stores.SendKeys("0"); // below what it uses: refused as the API refuses it
        Row().FindElement(By.CssSelector("details.action input[name='Form.Confirmed']")).Click();
        Row().FindElement(By.CssSelector("details.action button")).Click();
        browser.Wait(d => d.FindElements(By.CssSelector(".message.problem")).Count > 0, "the refusal");
        Assert.Contains("capacity cannot go below", browser.Find(".message.problem").Text);

        browser.Open("/admin/accounts");
        Row().FindElement(By.CssSelector("details.action > summary")).Click();
        stores = Row().FindElement(By.CssSelector("input[name=StoreCapacity]"));
        stores.Clear();
        stores.SendKeys("14");
        Row().FindElement(By.CssSelector("details.action input[name='Form.Confirmed']")).Click();
        Row().FindElement(By.CssSelector("details.action button")).Click();
        browser.Wait(d => d.FindElement(By.CssSelector(".message.done")).Text.Contains("has its new capacity", StringComparison.Ordinal), "the override");
        Assert.Equal(14, (await AccountAsync(parent)).GetProperty("stores").GetProperty("capacity").GetInt32());

        toggle = Row().FindElement(By.CssSelector("form.inline"));
        toggle.FindElement(By.CssSelector("input[name='Form.Confirmed']")).Click();
        toggle.FindElement(By.TagName("button")).Click();
        browser.Wait(d => d.FindElement(By.CssSelector(".message.done")).Text.Contains("now takes new tenants", StringComparison.Ordinal), "the toggle back");
        Assert.True((await AccountAsync(parent)).GetProperty("acceptsTenants").GetBoolean());
    }

    private async Task<JsonElement> AccountAsync(string sid) =>
        (await stack.Api.GetFromJsonAsync<JsonElement>("/v1/accounts")).GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("sid").GetString() == sid);
}
