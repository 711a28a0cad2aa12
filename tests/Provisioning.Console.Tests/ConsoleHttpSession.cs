using System.Net;
using System.Text.RegularExpressions;

namespace Provisioning.Console.Tests;

/// <summary>
/// A console session without a browser (HttpClient with a cookie jar): what a forged form, or a script on another
/// site, could send. Never follows redirects, so every answer is seen as the server gave it.
/// </summary>
public sealed partial class ConsoleHttpSession : IDisposable
{
    private readonly HttpClient _http;

    public ConsoleHttpSession(string baseUrl)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http => _http;

    public static async Task<ConsoleHttpSession> SignInAsync(string baseUrl, string apiKey)
    {
        var session = new ConsoleHttpSession(baseUrl);
        var token = await session.TokenOfAsync("/admin/login");
        using var response = await session.PostFormAsync("/admin/login", new() { ["apiKey"] = apiKey, ["__RequestVerificationToken"] = token });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return session;
    }

    /// <summary>The anti-forgery token a page's forms carry (every form of a page has the same one).</summary>
    public async Task<string> TokenOfAsync(string path)
    {
        var html = await _http.GetStringAsync(path);
        return TokenInput().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"{path} has no anti-forgery token:\n{html}");
    }

    public Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields) =>
        _http.PostAsync(path, new FormUrlEncodedContent(fields));

    public void Dispose() => _http.Dispose();

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex TokenInput();
}
