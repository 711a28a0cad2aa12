using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Console;

/// <summary>Signing out ends the session at the service: a copy of the cookie taken before is refused afterwards.</summary>
[Collection(ProvisioningStackCollection.Name)]
public sealed class ConsoleSignOutTests(ProvisioningStack stack)
{
    [Fact]
    public async Task A_session_cookie_copied_before_sign_out_is_refused_after_it()
    {
        using var console = await ConsoleClient.SignInAsync(stack.Host, ProvisioningStack.AdminKey);
        var copied = console.SessionCookie!;
        using var thief = stack.Host.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false,
        });
        using (var before = await GetWithCookieAsync(thief, copied))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode); // the copy works while the session lasts

        var token = await console.TokenOfAsync("/admin");
        using var signOut = await console.PostFormAsync("/admin/logout", new() { ["__RequestVerificationToken"] = token });
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        using var replayed = await GetWithCookieAsync(thief, copied);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.StartsWith("/admin/login", replayed.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        using var dashboard = await GetWithCookieAsync(thief, copied, "/hangfire");
        Assert.False(dashboard.IsSuccessStatusCode, "the Hangfire dashboard must not accept a signed-out session either");
    }

    private static Task<HttpResponseMessage> GetWithCookieAsync(HttpClient http, string cookie, string path = "/admin")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return http.SendAsync(request);
    }
}
