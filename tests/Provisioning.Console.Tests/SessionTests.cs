using System.Net;
using OpenQA.Selenium;

namespace Provisioning.Console.Tests;

[Collection(ConsoleStackCollection.Name)]
public sealed class SessionTests(ConsoleStack stack)
{
    [Fact]
    public async Task An_admin_signs_in_with_a_key_sees_the_overview_and_signs_out()
    {
        await stack.SignUpAsync("session-1");
        using var browser = new Browser(stack.BaseUrl);

        browser.Open("/admin/tenants");
        Assert.Contains("/admin/login", browser.Driver.Url); // no session: sent to sign in, and back afterwards
        browser.SignIn(ConsoleStack.AdminKey);
        Assert.Equal("Overview", browser.Find("h1").Text);
        Assert.Contains(ConsoleStack.AdminName, browser.Find(".who").Text);
        Assert.Contains("Ready", browser.Find("#by-status + .tiles").Text);

        browser.Find(".who button").Click();
        browser.Wait(d => d.Url.Contains("/admin/login", StringComparison.Ordinal), "the sign-in page after signing out");
        browser.Open("/admin");
        Assert.Contains("/admin/login", browser.Driver.Url);
    }

    [Fact]
    public void A_key_that_is_not_configured_is_refused()
    {
        using var browser = new Browser(stack.BaseUrl);
        browser.Open("/admin/login");
        browser.Find("#apiKey").SendKeys("not-a-key");
        browser.Find("form button[type=submit]").Click();
        browser.Wait(d => d.FindElements(By.CssSelector(".message.problem")).Count > 0, "the refusal");
        Assert.Contains("/admin/login", browser.Driver.Url);
        Assert.DoesNotContain(browser.Cookies().Keys, name => name == "provisioning-console");
    }

    [Fact]
    public async Task The_session_cookie_is_HttpOnly_and_SameSite_Strict_and_not_Secure_only_when_configured_off_for_plain_http()
    {
        using var session = new ConsoleHttpSession(stack.BaseUrl);
        var token = await session.TokenOfAsync("/admin/login");
        using var signIn = await session.PostFormAsync("/admin/login", new() { ["apiKey"] = ConsoleStack.AdminKey, ["__RequestVerificationToken"] = token });

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("provisioning-console=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie.Replace("samesite", "", StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires", cookie, StringComparison.OrdinalIgnoreCase); // a browser session; the ticket itself expires (sliding)
    }

    [Fact]
    public async Task A_console_session_opens_Hangfire_but_never_authorizes_the_JSON_API()
    {
        using var admin = await ConsoleHttpSession.SignInAsync(stack.BaseUrl, ConsoleStack.AdminKey);
        using var readOnly = await ConsoleHttpSession.SignInAsync(stack.BaseUrl, ConsoleStack.ControlPlaneKey);

        using var tenants = await admin.Http.GetAsync("/v1/tenants");
        Assert.Equal(HttpStatusCode.Unauthorized, tenants.StatusCode);
        using var signup = await admin.Http.PostAsync("/v1/tenants", new StringContent("""{"clientId":"by-cookie"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, signup.StatusCode);

        using var dashboard = await admin.Http.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        using var refused = await readOnly.Http.GetAsync("/hangfire");
        Assert.False(refused.IsSuccessStatusCode, "a ControlPlane session must not open the Hangfire dashboard");
        using var anonymous = await new ConsoleHttpSession(stack.BaseUrl).Http.GetAsync("/hangfire");
        Assert.False(anonymous.IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_form_posted_without_the_antiforgery_token_is_refused_and_does_nothing()
    {
        await stack.SignUpFailedAsync("csrf-1");
        using var admin = await ConsoleHttpSession.SignInAsync(stack.BaseUrl, ConsoleStack.AdminKey);
        var before = (await stack.EventsAsync("csrf-1")).Count;

        using var forged = await admin.PostFormAsync("/admin/tenants/csrf-1?handler=Retry",
            new() { ["Form.Reason"] = "from another site", ["Form.Confirmed"] = "true" });

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("Failed", (await stack.GetTenantAsync("csrf-1")).GetProperty("status").GetString());
        Assert.Equal(before, (await stack.EventsAsync("csrf-1")).Count);
    }
}
