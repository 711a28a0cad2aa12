using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Telemetry;

namespace Provisioning.Api.Accounts;

/// <summary>Reads the slots of every account in the pool (closed ones left out) for the slot gauges of <see cref="PoolMetrics"/>.</summary>
public sealed class PoolSlotsSnapshot(ProvisioningDbContext db, PoolMetrics metrics) : IMetricsSnapshotSource
{
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var accounts = await db.PoolAccounts.Where(a => a.Status != PoolAccountStatus.Closed)
            .Select(a => new AccountSlots(a.Sid, a.StoresOurs + a.StoresForeign, a.StoreCapacity)).ToListAsync(cancellationToken);
        metrics.PublishSlots(accounts);
    }
}
