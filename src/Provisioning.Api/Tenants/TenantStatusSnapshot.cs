using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Telemetry;

namespace Provisioning.Api.Tenants;

/// <summary>Counts the tenants by status, and those whose run is overdue, for <see cref="TenantStatusMetrics"/>.</summary>
public sealed class TenantStatusSnapshot(ProvisioningDbContext db, TenantStatusMetrics metrics, TimeProvider time) : IMetricsSnapshotSource
{
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var tenants = await db.Tenants.GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        // Work due for over a minute that no live worker holds: above zero for long, no worker is taking tenants up.
        var overdue = await db.Tenants.InRunState(TenantRunState.Overdue, time.GetUtcNow()).LongCountAsync(cancellationToken);
        metrics.Publish(tenants.ToDictionary(t => t.Key.ToString(), t => t.Count), overdue);
    }
}
