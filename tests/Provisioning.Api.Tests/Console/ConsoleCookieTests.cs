using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Console;

/// <summary>
/// The console's cookies at the shipped default (Console:SecureCookies unset): Secure and <c>__Host-</c>-prefixed
/// whatever the Host header says, and HSTS on https in Production, as behind a proxy that rewrites Host.
/// </summary>
[Collection(ProvisioningStackCollection.Name)]
public sealed class ConsoleCookieTests(ProvisioningStack stack)
{
    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("console.example")]
    public async Task With_the_shipped_default_every_console_cookie_is_Secure_and_Host_prefixed_whatever_the_Host_header(string host)
    {
        // Plain http, as a TLS-terminating proxy forwards it; cookies carried by hand, as a browser behind that proxy would.
        using var http = stack.Host.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false, HandleCookies = false,
        });
        using var form = new HttpRequestMessage(HttpMethod.Get, "/admin/login");
        form.Headers.Host = host;
        using var page = await http.SendAsync(form);
        var antiforgery = page.Headers.GetValues("Set-Cookie").ToList();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/admin/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["apiKey"] = ProvisioningStack.AdminKey, ["__RequestVerificationToken"] = ConsoleClient.TokenIn(await page.Content.ReadAsStringAsync()),
            }),
        };
        post.Headers.Host = host;
        post.Headers.Add("Cookie", string.Join("; ", antiforgery.Select(c => c.Split(';')[0])));
        using var signIn = await http.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookies = antiforgery.Concat(signIn.Headers.GetValues("Set-Cookie")).ToList();
        Assert.Contains(cookies, c => c.StartsWith("__Host-provisioning-console=", StringComparison.Ordinal));
        Assert.All(cookies, cookie =>
        {
            var attributes = cookie.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
            Assert.StartsWith("__Host-", cookie, StringComparison.Ordinal);
            Assert.Contains("secure", attributes);
            Assert.Contains("path=/", attributes);
            Assert.Contains("httponly", attributes);
            Assert.Contains("samesite=strict", attributes);
            Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task Production_answers_https_with_HSTS()
    {
        using var http = stack.Host.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://console.example") });

        using var login = await http.GetAsync("/admin/login");

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var hsts = Assert.Single(login.Headers.GetValues("Strict-Transport-Security"));
        Assert.Matches(@"^max-age=\d+", hsts);
        Assert.True(int.Parse(hsts[8..].Split(';')[0], System.Globalization.CultureInfo.InvariantCulture) >= 180 * 24 * 3600, hsts);
    }
}
