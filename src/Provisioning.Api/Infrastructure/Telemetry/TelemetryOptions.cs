using System.ComponentModel.DataAnnotations;

namespace Provisioning.Api.Infrastructure.Telemetry;

public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    [Required]
    public string ServiceName { get; set; } = "provisioning";

    /// <summary>Serve metrics for Prometheus to scrape at <c>/metrics</c>.</summary>
    public bool PrometheusEnabled { get; set; } = true;

    /// <summary>Prometheus' conventional port of an OpenTelemetry exporter.</summary>
    public const int DefaultMetricsPort = 9464;

    /// <summary>
    /// Serve <c>/metrics</c> on this port only (Kestrel listens on it besides the service's own URLs; <c>/metrics</c>
    /// elsewhere, and anything else on this port, answers 404). The exposition names every account SID and counts
    /// every tenant, so it is off the public port by default; set empty to serve it on the public port (a local run
    /// with several processes on one machine, where they would share this port).
    /// </summary>
    [Range(1, 65535)]
    public int? MetricsPort { get; set; } = DefaultMetricsPort;

    /// <summary>Label per-account gauges with the account SID; when false they carry one pool-wide value each.</summary>
    public bool AccountSidLabels { get; set; } = true;

    /// <summary>Send traces and metrics over OTLP to this collector (e.g. http://otel-collector:4317); off when empty.</summary>
    public Uri? OtlpEndpoint { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(15);
}
