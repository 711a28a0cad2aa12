using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Data;

namespace Provisioning.Api.Tenants;

/// <summary>
/// How many more new tenants the deployment's quotas take now: live tenants (<c>Provisioning:MaxTenants</c>) and, of
/// them, dedicated ones (<c>Provisioning:MaxDedicatedTenants</c>), each of which takes a subaccount of its own. Counted
/// in one query; concurrent signups at the edge may each see room (a bound, not a ledger).
/// </summary>
public sealed record TenantRoom(ProvisioningOptions Quotas, int Tenants, int Dedicated)
{
    public static async Task<TenantRoom> MeasureAsync(ProvisioningDbContext db, ProvisioningOptions quotas, CancellationToken cancellationToken)
    {
        var live = await db.LiveTenants().GroupBy(_ => 1)
            .Select(g => new { All = g.Count(), Dedicated = g.Count(t => t.Isolation == TenantIsolation.Dedicated) })
            .SingleOrDefaultAsync(cancellationToken);
        return new TenantRoom(quotas, quotas.MaxTenants - (live?.All ?? 0), quotas.MaxDedicatedTenants - (live?.Dedicated ?? 0));
    }

    /// <summary>Why a new tenant of <paramref name="isolation"/> does not fit (the 409's detail), or null when it does.</summary>
    public string? RefusalOf(TenantIsolation isolation) =>
        Tenants <= 0
            ? $"The deployment's quota of {Quotas.MaxTenants} tenants (Provisioning:MaxTenants) is reached; offboard tenants or raise it."
            : isolation == TenantIsolation.Dedicated && Dedicated <= 0
                ? $"The deployment's quota of {Quotas.MaxDedicatedTenants} dedicated tenants (Provisioning:MaxDedicatedTenants) is reached: each takes a "
                  + "subaccount of its own. Sign the client up pooled, offboard dedicated tenants, or raise the quota."
                : null;

    /// <summary>The room left once a new tenant of <paramref name="isolation"/> is recorded.</summary>
    public TenantRoom After(TenantIsolation isolation) =>
        this with { Tenants = Tenants - 1, Dedicated = isolation == TenantIsolation.Dedicated ? Dedicated - 1 : Dedicated };
}
