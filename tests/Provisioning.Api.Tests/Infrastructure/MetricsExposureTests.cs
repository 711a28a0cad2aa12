using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Provisioning.Api.Infrastructure.Telemetry;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.Testing.Service;

namespace Provisioning.Api.Tests.Infrastructure;

/// <summary>
/// Who can read what <c>/metrics</c> says: on Telemetry:MetricsPort only, 9464 unless set (the service runs as a
/// process, so Kestrel really listens on both ports), and with Telemetry:AccountSidLabels=false no account SID appears.
/// </summary>
public sealed class MetricsExposureTests
{
    [Fact]
    public async Task With_shipped_defaults_metrics_are_served_on_the_metrics_port_and_not_on_the_public_one()
    {
        await using var stack = new ServiceProcessStack();
        await stack.InitializeAsync();
        var settings = new Dictionary<string, string?>(stack.Settings);
        settings.Remove("Telemetry:MetricsPort"); // a deployment that leaves it alone
        await using var service = await ServiceProcess.StartAsync(settings);
        using var anonymous = new HttpClient();

        using var publicMetrics = await anonymous.GetAsync(service.BaseUrl + "/metrics");
        using var portMetrics = await anonymous.GetAsync($"http://127.0.0.1:{TelemetryOptions.DefaultMetricsPort}/metrics");

        Assert.Equal(HttpStatusCode.NotFound, publicMetrics.StatusCode);
        Assert.Equal(HttpStatusCode.OK, portMetrics.StatusCode);
        Assert.Equal(9464, TelemetryOptions.DefaultMetricsPort);
    }

    [Fact]
    public async Task With_a_metrics_port_metrics_are_served_there_only_and_nothing_else_is()
    {
        var metricsPort = FreeLoopbackPort();
        await using var stack = new ServiceProcessStack(("Telemetry:MetricsPort", metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await stack.InitializeAsync();
        await using var service = await ServiceProcess.StartAsync(stack.Settings);
        using var anonymous = new HttpClient();
        using var admin = service.CreateClient(ProvisioningStack.AdminKey);
        var metricsBase = $"http://127.0.0.1:{metricsPort}";

        using var publicMetrics = await anonymous.GetAsync(service.BaseUrl + "/metrics");
        using var portMetrics = await anonymous.GetAsync(metricsBase + "/metrics");
        using var portHealth = await anonymous.GetAsync(metricsBase + "/health/ready");
        using var portApi = await admin.GetAsync(metricsBase + "/v1/accounts");
        using var publicApi = await admin.GetAsync("/v1/accounts");

        Assert.Equal(HttpStatusCode.NotFound, publicMetrics.StatusCode);
        Assert.Equal(HttpStatusCode.OK, portMetrics.StatusCode);
        Assert.Contains("# TYPE", await portMetrics.Content.ReadAsStringAsync(), StringComparison.Ordinal); // the Prometheus exposition
        Assert.Equal(HttpStatusCode.NotFound, portHealth.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, portApi.StatusCode);
        Assert.Equal(HttpStatusCode.OK, publicApi.StatusCode);
    }

    [Fact]
    public async Task Without_account_SID_labels_the_slot_gauges_are_pool_wide_and_name_no_account()
    {
        var stack = new UnlabelledStack();
        await stack.InitializeAsync();
        try
        {
            await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "unlabelled-1" });
            var tenant = await stack.WaitForStatusAsync("unlabelled-1", TenantStatus.Ready);

            using var scraper = stack.CreateClient(apiKey: null);
            var metrics = "";
            await Eventually.HoldsAsync(async () =>
            {
                metrics = await scraper.GetStringAsync("/metrics");
                return Regex.IsMatch(metrics, @"^provisioning_pool_slots_used(\{[^}]*\})? 1$", RegexOptions.Multiline);
            }, "the slot gauge after the signup");

            Assert.DoesNotContain(tenant.AccountSid!, metrics, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"account=""AC", metrics);
            Assert.Matches(new Regex(@"^provisioning_pool_slots_capacity(\{[^}]*\})? 15$", RegexOptions.Multiline), metrics);
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    private sealed class UnlabelledStack() : ProvisioningStack(
        ("Telemetry:PrometheusEnabled", "true"),
        ("Telemetry:SnapshotInterval", "00:00:00.200"),
        ("Telemetry:AccountSidLabels", "false"));

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
