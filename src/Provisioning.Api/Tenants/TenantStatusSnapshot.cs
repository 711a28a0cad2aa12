using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Telemetry;

namespace Provisioning.Api.Tenants;

/// <summary>Counts the tenants by status for <see cref="TenantStatusMetrics"/>.</summary>
public sealed class TenantStatusSnapshot(ProvisioningDbContext db, TenantStatusMetrics metrics) : IMetricsSnapshotSource
{
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var tenants = await db.Tenants.GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        metrics.Publish(tenants.ToDictionary(t => t.Key.ToString(), t => t.Count));
    }
}
