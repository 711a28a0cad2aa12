using System.Net;

namespace Provisioning.Console.Tests;

[Collection(ConsoleStackCollection.Name)]
public sealed class ReadOnlySessionTests(ConsoleStack stack)
{
    [Fact]
    public async Task A_ControlPlane_session_reads_the_tenant_pages_sees_no_action_nor_Admin_link_and_its_forged_post_is_refused()
    {
        await stack.SignUpFailedAsync("read-only-1");
        using var browser = new Browser(stack.BaseUrl);
        browser.SignIn(ConsoleStack.ControlPlaneKey);

        // Accounts and reconciliation are Admin's, as in the API (Provisioning.Api.Tests' ConsolePageAccessTests walks every page).
        foreach (var page in new[] { "/admin", "/admin/tenants?status=Failed", "/admin/tenants/read-only-1" })
        {
            browser.Open(page);
            Assert.Empty(browser.FindAll(".message.problem"));
            // The only form that posts is signing out.
            Assert.Equal(["/admin/logout"], browser.FindAll("form[method=post]").Select(f => new Uri(f.GetAttribute("action") ?? "").AbsolutePath));
            Assert.Empty(browser.FindAll("details.action"));
            Assert.Empty(browser.FindAll("a[href='/admin/accounts'], a[href='/admin/reconciliations'], a[href='/hangfire']"));
        }
        Assert.Contains("read-only", browser.Find(".who").Text);

        // The same session, with a valid anti-forgery token, posting what an Admin's Retry button would.
        using var session = await ConsoleHttpSession.SignInAsync(stack.BaseUrl, ConsoleStack.ControlPlaneKey);
        var token = await session.TokenOfAsync("/admin/tenants/read-only-1");
        var before = (await stack.EventsAsync("read-only-1")).Count;
        using var forged = await session.PostFormAsync("/admin/tenants/read-only-1?handler=Retry",
            new() { ["Form.Reason"] = "forged", ["Form.Confirmed"] = "true", ["__RequestVerificationToken"] = token });

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("Failed", (await stack.GetTenantAsync("read-only-1")).GetProperty("status").GetString());
        Assert.Equal(before, (await stack.EventsAsync("read-only-1")).Count);
        using var reconcile = await session.PostFormAsync("/admin/reconciliations?handler=RealRun",
            new() { ["Form.Confirmed"] = "true", ["__RequestVerificationToken"] = token });
        Assert.Equal(HttpStatusCode.Forbidden, reconcile.StatusCode);
    }
}
