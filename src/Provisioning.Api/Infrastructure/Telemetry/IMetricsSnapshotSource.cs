namespace Provisioning.Api.Infrastructure.Telemetry;

/// <summary>
/// Gauges a feature reads from PostgreSQL. A scrape must never wait on the database, so a feature registers its source
/// (scoped) from its <c>AddX()</c> and <see cref="MetricsSnapshotService"/> refreshes every source on its timer; the
/// feature's gauges report what the last refresh published.
/// </summary>
public interface IMetricsSnapshotSource
{
    Task RefreshAsync(CancellationToken cancellationToken);
}
