using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Provisioning.Testing.Service;

namespace Provisioning.Benchmarks;

/// <summary>
/// The latency the memory gateway adds: the same profile fetch at the same open-loop rate, straight to the
/// emulator with the tenant account's credentials, and through the gateway with a tenant token, alternated
/// so that both see the same machine. Emulator and service run as separate processes.
/// </summary>
internal sealed class GatewayBenchmarks(SignupBenchmarks stack)
{
    private const string ParentSid = "AC0123456789abcdef0123456789abcdef";
    private const string ParentToken = "fedcba9876543210fedcba9876543210";

    public async Task<string> RunAsync(int ratePerSecond, TimeSpan duration, int rounds)
    {
        await using var emulator = await stack.StartEmulatorAsync(latencyMs: 0);
        var settings = await stack.SettingsAsync(emulator, role: "All");
        settings["Gateway:RequestsPerSecondPerTenant"] = "100000";
        await using var service = await ServiceProcess.StartAsync(settings);
        using var control = stack.Client(service);

        (await control.PostAsJsonAsync("/v1/tenants", new { clientId = "bench-gw" })).EnsureSuccessStatusCode();
        JsonElement tenant;
        do
        {
            await Task.Delay(100);
            tenant = await control.GetFromJsonAsync<JsonElement>("/v1/tenants/bench-gw");
        } while (tenant.GetProperty("status").GetString() != "Ready");
        var storeId = tenant.GetProperty("memoryStoreId").GetString()!;
        var tokenResponse = await control.PostAsJsonAsync("/v1/tenants/bench-gw/access-tokens", new { scopes = new[] { "memory:read", "memory:write" }, ttlSeconds = 3600 });
        var token = (await tokenResponse.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;

        using var viaGateway = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = new Uri(service.BaseUrl) };
        viaGateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var direct = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = new Uri(emulator.BaseUrl) };
        direct.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ParentSid}:{ParentToken}")));

        var created = await viaGateway.PostAsJsonAsync("/v1/tenants/bench-gw/memory/Profiles",
            new { traits = new Dictionary<string, object> { ["Contact"] = new { phone = "+15550109999" } } });
        var profileId = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var gatewayPath = $"/v1/tenants/bench-gw/memory/Profiles/{profileId}";
        var directPath = $"/v1/Stores/{storeId}/Profiles/{profileId}";

        // Warm up both paths (JIT, connection pools, PostgreSQL caches).
        await OpenLoop.RunAsync(direct, ratePerSecond, TimeSpan.FromSeconds(2), _ => new HttpRequestMessage(HttpMethod.Get, directPath));
        await OpenLoop.RunAsync(viaGateway, ratePerSecond, TimeSpan.FromSeconds(2), _ => new HttpRequestMessage(HttpMethod.Get, gatewayPath));

        var directResults = new List<OpenLoop.Result>();
        var gatewayResults = new List<OpenLoop.Result>();
        for (var round = 0; round < rounds; round++)
        {
            directResults.Add(await OpenLoop.RunAsync(direct, ratePerSecond, duration, _ => new HttpRequestMessage(HttpMethod.Get, directPath)));
            gatewayResults.Add(await OpenLoop.RunAsync(viaGateway, ratePerSecond, duration, _ => new HttpRequestMessage(HttpMethod.Get, gatewayPath)));
        }

        var directP50 = Median(directResults.Select(r => r.P50Ms));
        var directP99 = Median(directResults.Select(r => r.P99Ms));
        var gatewayP50 = Median(gatewayResults.Select(r => r.P50Ms));
        var gatewayP99 = Median(gatewayResults.Select(r => r.P99Ms));
        return new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"| direct `GET /v1/Stores/{{store}}/Profiles/{{id}}` at {ratePerSecond}/s, {rounds} × {duration.TotalSeconds:F0} s (median of rounds) | p50 {directP50:F2} ms, p99 {directP99:F2} ms; errors {directResults.Sum(r => r.Errors)} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| through the gateway (tenant token) | p50 {gatewayP50:F2} ms, p99 {gatewayP99:F2} ms; errors {gatewayResults.Sum(r => r.Errors)} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| **added by the gateway** (target p50 < 2 ms, p99 < 10 ms) | **p50 +{gatewayP50 - directP50:F2} ms ({(gatewayP50 - directP50) / 2:P0} of target), p99 +{gatewayP99 - directP99:F2} ms ({(gatewayP99 - directP99) / 10:P0} of target)** |")
            .ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return SignupBenchmarks.Percentile(sorted, 0.5);
    }
}
