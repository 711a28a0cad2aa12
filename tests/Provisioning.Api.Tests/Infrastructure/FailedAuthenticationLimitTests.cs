using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Provisioning.Api.Tests.Integration;
using Provisioning.Testing.Service;

namespace Provisioning.Api.Tests.Infrastructure;

/// <summary>
/// Wrong keys per client address, at the shipped default (10 a minute): the service runs as a process, so Kestrel
/// sees real client addresses (loopback aliases 127.0.0.x, each its own client), and no forwarded header is believed.
/// </summary>
public sealed partial class FailedAuthenticationLimitTests
{
    private const int ShippedBudget = 10;

    [Fact]
    public async Task After_the_budget_of_wrong_API_keys_an_address_is_answered_429_even_with_a_right_key_while_another_address_is_served()
    {
        await using var stack = new ServiceProcessStack();
        await stack.InitializeAsync();
        await using var service = await ServiceProcess.StartAsync(stack.Settings);
        using var attacker = From("127.0.0.2", service.BaseUrl);
        using var other = From("127.0.0.3", service.BaseUrl);

        for (var i = 0; i < ShippedBudget; i++)
        {
            using var wrong = await GetAsync(attacker, "/v1/tenants", $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var refused = await GetAsync(attacker, "/v1/tenants", "guess-last");
        using var rightKeyRefused = await GetAsync(attacker, "/v1/tenants", ProvisioningStack.AdminKey);
        // Forwarded headers of an unknown sender are not believed: it cannot claim another address.
        using var spoofed = await GetAsync(attacker, "/v1/tenants", ProvisioningStack.AdminKey, ("X-Forwarded-For", "203.0.113.9"));
        using var served = await GetAsync(other, "/v1/tenants", ProvisioningStack.ControlPlaneKey);
        using var othersWrongKey = await GetAsync(other, "/v1/tenants", "guess");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Equal(HttpStatusCode.TooManyRequests, rightKeyRefused.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, spoofed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, othersWrongKey.StatusCode);
    }

    [Fact]
    public async Task Console_sign_ins_share_the_budget_and_are_answered_429_after_it()
    {
        // Plain http here: the console's cookies must come back over it (the limiter does not depend on them).
        await using var stack = new ServiceProcessStack(("Console:SecureCookies", "false"));
        await stack.InitializeAsync();
        await using var service = await ServiceProcess.StartAsync(stack.Settings);
        using var attacker = From("127.0.0.4", service.BaseUrl, new CookieContainer());
        using var other = From("127.0.0.5", service.BaseUrl, new CookieContainer());

        for (var i = 0; i < ShippedBudget / 2; i++)
        {
            using var wrong = await GetAsync(attacker, "/v1/tenants", $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        for (var i = 0; i < ShippedBudget / 2; i++)
        {
            using var wrong = await SignInAsync(attacker, $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var refused = await SignInAsync(attacker, "guess-last");
        using var rightKeyRefused = await SignInAsync(attacker, ProvisioningStack.AdminKey);
        using var served = await SignInAsync(other, ProvisioningStack.AdminKey);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Contains("Too many wrong keys", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, rightKeyRefused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, served.StatusCode);
    }

    /// <summary>A client whose connections come from <paramref name="source"/>, a loopback alias Linux routes like 127.0.0.1.</summary>
    private static HttpClient From(string source, string baseUrl, CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        }) { BaseAddress = new Uri(baseUrl) };

    private static Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string key, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", key);
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        return http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient http, string key)
    {
        var html = await http.GetStringAsync("/admin/login");
        var token = WebUtility.HtmlDecode(TokenInput().Match(html).Groups[1].Value);
        return await http.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["apiKey"] = key, ["__RequestVerificationToken"] = token,
        }));
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex TokenInput();
}
