using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Database;

namespace Provisioning.Api.Tenants;

/// <summary>
/// One saga run per tenant at a time, and no work dropped when runs meet. A run that finds the tenant held
/// records that a run was asked for (<c>run_requested_at</c>) and tries the lock once more; the holder, once it
/// has released the lock, looks at that mark and queues one more run if it moved. Either the second try comes
/// after the release (and this run goes ahead), or the mark was set before it (and the holder sees it): work
/// queued as another run was finishing starts at once, not at the watchdog's next look, and meeting runs never
/// multiply.
/// </summary>
public sealed partial class TenantRunLock(AdvisoryLocks locks, ProvisioningDbContext db, ILogger<TenantRunLock> logger)
{
    /// <summary>
    /// Runs <paramref name="run"/> (which returns the run request mark the tenant had when it started) holding the
    /// tenant's lock, then <paramref name="requeue"/>s once if another run was asked for meanwhile. Nothing, when
    /// another run holds the tenant: that run has been asked to look again.
    /// </summary>
    public async Task RunExclusiveAsync(Guid tenantId, Func<Task<DateTimeOffset?>> run, Action requeue, CancellationToken cancellationToken)
    {
        var tenantLock = await AcquireAsync(tenantId, cancellationToken);
        if (tenantLock is null)
        {
            LogHandedOver(logger, tenantId);
            return;
        }

        DateTimeOffset? requestedAtStart;
        await using (tenantLock)
            requestedAtStart = await run();
        if (await WasRequestedSinceAsync(tenantId, requestedAtStart, CancellationToken.None)) requeue();
    }

    /// <summary>
    /// The tenant's lock for work outside a saga (reconciliation acting on what belongs to the tenant), or null at
    /// once while a run holds it. No run is asked for: the caller looks again later.
    /// </summary>
    public Task<IAsyncDisposable?> TryHoldAsync(Guid tenantId, CancellationToken cancellationToken) =>
        locks.TryAcquireAsync(AdvisoryLockKey.ForTenant(tenantId), cancellationToken);

    /// <summary>The tenant's lock, or null when another run holds it (which has then been asked to look again).</summary>
    private async Task<IAsyncDisposable?> AcquireAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var key = AdvisoryLockKey.ForTenant(tenantId);
        if (await locks.TryAcquireAsync(key, cancellationToken) is { } acquired) return acquired;
        await db.Database.ExecuteSqlAsync($"UPDATE tenants SET run_requested_at = clock_timestamp() WHERE id = {tenantId}", cancellationToken);
        return await locks.TryAcquireAsync(key, cancellationToken);
    }

    /// <summary>After the holder released the lock: whether a run was asked for since it read <paramref name="seenAtStart"/>.</summary>
    private async Task<bool> WasRequestedSinceAsync(Guid tenantId, DateTimeOffset? seenAtStart, CancellationToken cancellationToken)
    {
        var now = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.RunRequestedAt).SingleOrDefaultAsync(cancellationToken);
        return now is not null && now != seenAtStart;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {TenantId} is held by another run, which looks again when it ends")]
    private static partial void LogHandedOver(ILogger logger, Guid tenantId);
}
