using System.ComponentModel.DataAnnotations;

namespace Provisioning.Api.Infrastructure.Telemetry;

public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    [Required]
    public string ServiceName { get; set; } = "provisioning";

    /// <summary>Serve metrics for Prometheus to scrape at <c>/metrics</c>.</summary>
    public bool PrometheusEnabled { get; set; } = true;

    /// <summary>
    /// Serve <c>/metrics</c> on this port only (Kestrel listens on it besides the service's own URLs; <c>/metrics</c>
    /// elsewhere, and anything else on this port, answers 404). On the public port when unset.
    /// </summary>
    [Range(1, 65535)]
    public int? MetricsPort { get; set; }

    /// <summary>Label per-account gauges with the account SID; when false they carry one pool-wide value each.</summary>
    public bool AccountSidLabels { get; set; } = true;

    /// <summary>Send traces and metrics over OTLP to this collector (e.g. http://otel-collector:4317); off when empty.</summary>
    public Uri? OtlpEndpoint { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(15);
}
