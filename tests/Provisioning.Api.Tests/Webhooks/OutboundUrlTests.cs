using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.Api.Webhooks;

namespace Provisioning.Api.Tests.Webhooks;

/// <summary>A tenant's URLs cannot make the service call into its own network: refused at signup, and again at connect time.</summary>
public sealed class OutboundUrlTests(OutboundUrlTests.NoPrivateNetworksStack stack) : IClassFixture<OutboundUrlTests.NoPrivateNetworksStack>
{
    /// <summary>
    /// http is allowed (the receiver is plain http) but private networks are not, as in production; the operator's
    /// receiver is on loopback. <see cref="ReboundHost"/> resolves to loopback, as a rebinding name would.
    /// </summary>
    public sealed class NoPrivateNetworksStack : WebhookStack
    {
        public const string ReboundHost = "rebound.test";

        public ConcurrentQueue<string> Lookups { get; } = new();

        protected override Dictionary<string, string?> ServiceSettings()
        {
            var settings = base.ServiceSettings();
            settings["Webhooks:AllowPrivateNetworks"] = "false";
            return settings;
        }

        protected override void ReplaceServices(IServiceCollection services) =>
            services.AddSingleton<HostAddressResolver>((host, cancellationToken) =>
            {
                Lookups.Enqueue(host);
                return host == ReboundHost ? Task.FromResult(new[] { IPAddress.Loopback }) : Dns.GetHostAddressesAsync(host, cancellationToken);
            });
    }

    public static TheoryData<string, string> UnsafeCallbackUrls => new()
    {
        { "ssrf-loopback", "http://127.0.0.1:{port}/x" },
        { "ssrf-metadata", "https://169.254.169.254/latest/meta-data" },
        { "ssrf-private", "https://10.0.0.5/" },
        { "ssrf-cgnat", "https://100.64.0.1/" },
        { "ssrf-ipv6-loopback", "https://[::1]/" },
        { "ssrf-localhost", "https://localhost/" },
        { "ssrf-mapped", "https://[::ffff:127.0.0.1]/" },
        { "ssrf-decimal", "https://2130706433/" },
        { "ssrf-unspecified", "https://0.0.0.0/" },
    };

    [Theory]
    [MemberData(nameof(UnsafeCallbackUrls))]
    public async Task Signup_with_a_callback_url_on_a_private_address_is_a_400_and_writes_nothing(string clientId, string callbackUrl)
    {
        callbackUrl = callbackUrl.Replace("{port}", new Uri(stack.Receiver.Url).Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId, callbackUrl });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("callbackUrl", out _), errors.ToString());
        Assert.Equal(0, await TenantRowsAsync(clientId));
    }

    [Fact]
    public async Task Signup_with_a_status_callback_on_a_private_address_is_a_400_naming_it()
    {
        using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants",
            new { clientId = "ssrf-status", orchestrator = new { statusCallbacks = new[] { new { url = "https://169.254.169.254/latest" } } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("orchestrator.statusCallbacks[0].url", out _), errors.ToString());
        Assert.Equal(0, await TenantRowsAsync("ssrf-status"));
    }

    [Fact]
    public async Task Patching_a_callback_url_to_a_private_address_is_a_400_and_keeps_the_old_one()
    {
        using (var signup = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "ssrf-patch" }))
            Assert.Equal(HttpStatusCode.Accepted, signup.StatusCode);
        await stack.WaitForStatusAsync("ssrf-patch", TenantStatus.Ready);

        using var patch = await stack.ControlPlane.PatchAsync("/v1/tenants/ssrf-patch",
            new StringContent("""{"callbackUrl":"https://10.0.0.5/"}""", Encoding.UTF8, "application/merge-patch+json"));

        Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);
        Assert.Contains("callbackUrl", await patch.Content.ReadAsStringAsync());
        var tenant = await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/ssrf-patch");
        Assert.Equal(JsonValueKind.Null, tenant.GetProperty("callbackUrl").ValueKind);
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_loopback_is_refused_at_connect_time_and_nothing_is_sent()
    {
        var url = $"http://{NoPrivateNetworksStack.ReboundHost}:{new Uri(stack.Receiver.Url).Port}/tenant-hooks";
        await WebhookDeliveries.SignUpAsync(stack, "ssrf-rebind", url);

        var refused = await WebhookDeliveries.WaitForAttemptAsync(stack, "ssrf-rebind", url);
        // The operator's receiver is its own choice: its delivery of the same event goes through.
        var operatorDelivery = await WebhookDeliveries.WaitForAttemptAsync(stack, "ssrf-rebind", stack.Receiver.Url);

        Assert.Equal(JsonValueKind.Null, refused.GetProperty("lastStatus").ValueKind);
        Assert.Equal(JsonValueKind.Null, refused.GetProperty("deliveredAt").ValueKind);
        var error = refused.GetProperty("lastError").GetString();
        Assert.Contains("not sent", error);
        Assert.Contains("loopback", error);
        Assert.Contains(NoPrivateNetworksStack.ReboundHost, stack.Lookups);
        Assert.DoesNotContain("/tenant-hooks", stack.Receiver.RequestPaths);
        Assert.Equal(JsonValueKind.String, operatorDelivery.GetProperty("deliveredAt").ValueKind);
    }

    private async Task<long> TenantRowsAsync(string clientId)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from tenants where client_id = @clientId", connection);
        command.Parameters.AddWithValue("clientId", clientId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
