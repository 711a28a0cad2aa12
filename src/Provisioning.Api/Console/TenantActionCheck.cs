using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Data;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Console;

/// <summary>
/// Which actions the tenant's page offers. The tenant alone decides what may happen to it, so the console does not
/// repeat its rules: it reads the tenant once, untracked, and asks <see cref="Tenant.Allows"/> (the transition table)
/// about each action; one the tenant refuses is shown with the tenant's own reason instead of a button.
/// </summary>
public sealed class TenantActionCheck(ProvisioningDbContext db)
{
    /// <summary>The lifecycle operation behind each action of the page.</summary>
    private static readonly IReadOnlyDictionary<TenantAction, TenantOperation> Operations = new Dictionary<TenantAction, TenantOperation>
    {
        [TenantAction.Retry] = TenantOperation.Retry,
        [TenantAction.Repair] = TenantOperation.RequestRepair,
        [TenantAction.Recreate] = TenantOperation.RequestRecreate,
        [TenantAction.Offboard] = TenantOperation.Offboard,
        [TenantAction.OffboardNow] = TenantOperation.OffboardNow,
        [TenantAction.CancelDeletion] = TenantOperation.CancelDeletion,
        [TenantAction.AcceptResidualErasure] = TenantOperation.AcceptResidualErasure,
        [TenantAction.EditSettings] = TenantOperation.ChangeSettings,
    };

    /// <summary>Every action, with null when the tenant allows it now, else why not.</summary>
    public async Task<IReadOnlyDictionary<TenantAction, string?>> CheckAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId, cancellationToken);
        return Check(tenant);
    }

    /// <summary>Every action, with null when <paramref name="tenant"/> allows it now, else why not.</summary>
    public static IReadOnlyDictionary<TenantAction, string?> Check(Tenant tenant) =>
        Enum.GetValues<TenantAction>().ToDictionary(action => action, action => tenant.Allows(Operations[action], out var reason) ? null : reason);
}
