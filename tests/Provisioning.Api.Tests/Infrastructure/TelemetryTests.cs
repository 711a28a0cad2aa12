using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Infrastructure;

/// <summary>With telemetry on, one signup shows up in the service's own metrics with the right values.</summary>
public sealed partial class TelemetryTests(TelemetryTests.TelemetryStack stack) : IClassFixture<TelemetryTests.TelemetryStack>
{
    public sealed class TelemetryStack() : ProvisioningStack(
        ("Telemetry:PrometheusEnabled", "true"),
        ("Telemetry:SnapshotInterval", "00:00:00.200"));

    [Fact]
    public async Task One_signup_appears_in_the_custom_metrics()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "metered-1" });
        await stack.WaitForStatusAsync("metered-1", TenantStatus.Ready);

        // The gauges come from a periodic snapshot: scrape until one taken after Ready is exported.
        using var scraper = stack.CreateClient(apiKey: null);
        var readyGauge = """provisioning_tenants\{[^}]*status="Ready"[^}]*\}""";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        var metrics = await scraper.GetStringAsync("/metrics");
        while (!Regex.IsMatch(metrics, $"^{readyGauge} 1$", RegexOptions.Multiline) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            metrics = await scraper.GetStringAsync("/metrics");
        }

        Assert.Equal(1, Value(metrics, """provisioning_tenant_signup_to_ready_seconds_count"""));
        Assert.Equal(1, Value(metrics, readyGauge));
        Assert.Equal(1, Value(metrics, """provisioning_twilio_calls_total\{[^}]*endpoint="/v1/ControlPlane/Stores"[^}]*method="POST"[^}]*outcome="2xx"[^}]*\}"""));
        Assert.Equal(1, Value(metrics, """provisioning_twilio_calls_total\{[^}]*endpoint="/v2/ControlPlane/Configurations"[^}]*method="POST"[^}]*outcome="2xx"[^}]*\}"""));
        Assert.True(Value(metrics, """provisioning_twilio_calls_total\{[^}]*endpoint="/v1/ControlPlane/Stores/\{id\}"[^}]*method="GET"[^}]*outcome="2xx"[^}]*\}""") >= 1);
        Assert.Equal(1, Value(metrics, $$"""provisioning_pool_slots_used\{[^}]*account="{{stack.Emulator.ParentAccountSid}}"[^}]*\}"""));
        Assert.Equal(15, Value(metrics, $$"""provisioning_pool_slots_capacity\{[^}]*account="{{stack.Emulator.ParentAccountSid}}"[^}]*\}"""));
    }

    /// <summary>The value of the one sample line whose name and labels match <paramref name="sample"/>.</summary>
    private static double Value(string exposition, string sample)
    {
        var matches = Regex.Matches(exposition, $@"^{sample}(?:\{{[^}}]*\}})? ([0-9.eE+-]+)", RegexOptions.Multiline);
        Assert.True(matches.Count == 1, $"expected one sample matching {sample}, found {matches.Count} in:\n{exposition[..Math.Min(exposition.Length, 4000)]}");
        return double.Parse(matches[0].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
