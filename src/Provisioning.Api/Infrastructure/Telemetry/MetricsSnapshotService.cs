using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Accounts;
using Provisioning.Api.Data;

namespace Provisioning.Api.Infrastructure.Telemetry;

/// <summary>
/// Refreshes the gauges' snapshot (tenants by status, slots per account in the pool: closed ones left out) from PostgreSQL on a timer, so that a
/// scrape never waits on the database.
/// </summary>
public sealed partial class MetricsSnapshotService(
    IServiceScopeFactory scopes, ProvisioningMetrics metrics, IOptions<TelemetryOptions> options, TimeProvider time,
    ILogger<MetricsSnapshotService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SnapshotInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>();
                var tenants = await db.Tenants.GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(stoppingToken);
                var accounts = await db.PoolAccounts.Where(a => a.Status != PoolAccountStatus.Closed)
                    .Select(a => new AccountSlots(a.Sid, a.StoresOurs + a.StoresForeign, a.StoreCapacity)).ToListAsync(stoppingToken);
                metrics.Publish(new MetricsSnapshot(tenants.ToDictionary(t => t.Key.ToString(), t => t.Count), accounts));
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
