using Microsoft.Extensions.Options;

namespace Provisioning.Api.Infrastructure.Telemetry;

/// <summary>
/// Refreshes the features' gauges (<see cref="IMetricsSnapshotSource"/>: tenants by status, slots per account) from
/// PostgreSQL on a timer, so that a scrape never waits on the database.
/// </summary>
public sealed partial class MetricsSnapshotService(
    IServiceScopeFactory scopes, IOptions<TelemetryOptions> options, TimeProvider time, ILogger<MetricsSnapshotService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SnapshotInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                foreach (var source in scope.ServiceProvider.GetServices<IMetricsSnapshotSource>())
                    await source.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRefreshFailed(logger, e);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the metrics snapshot")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
