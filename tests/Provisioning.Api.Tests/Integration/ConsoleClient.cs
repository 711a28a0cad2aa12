using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Provisioning.Api.Tests.Integration;

/// <summary>
/// A console session against an in-process host, as a browser over https would hold it: cookies kept (Secure ones
/// too, since the requests are https), redirects never followed, so every answer is seen as the server gave it.
/// </summary>
public sealed partial class ConsoleClient : IDisposable
{
    private ConsoleClient(HttpClient http) => Http = http;

    public HttpClient Http { get; }

    /// <summary>The session cookie as sign-in set it (<c>name=value</c>): what someone who copied it could replay.</summary>
    public string? SessionCookie { get; private set; }

    /// <summary>A client of <paramref name="host"/> with no session yet, at <paramref name="baseAddress"/> (https://localhost by default).</summary>
    public static ConsoleClient Anonymous(ProvisioningHost host, string baseAddress = "https://localhost") =>
        new(host.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress), AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>Signs in with <paramref name="apiKey"/> at <c>/admin/login</c>, as the form does.</summary>
    public static async Task<ConsoleClient> SignInAsync(ProvisioningHost host, string apiKey)
    {
        var client = Anonymous(host);
        var token = await client.TokenOfAsync("/admin/login");
        using var response = await client.PostFormAsync("/admin/login", new() { ["apiKey"] = apiKey, ["__RequestVerificationToken"] = token });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        client.SessionCookie = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])
            .Single(c => c.Contains("provisioning-console=", StringComparison.Ordinal));
        return client;
    }

    /// <summary>The anti-forgery token of a page's forms.</summary>
    public async Task<string> TokenOfAsync(string path) => TokenIn(await Http.GetStringAsync(path));

    public static string TokenIn(string html) => TokenInput().Match(html) is { Success: true } match
        ? WebUtility.HtmlDecode(match.Groups[1].Value)
        : throw new InvalidOperationException($"The page has no anti-forgery token:\n{html}");

    public Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields) =>
        Http.PostAsync(path, new FormUrlEncodedContent(fields));

    public void Dispose() => Http.Dispose();

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex TokenInput();
}
