using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Data;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Console;

/// <summary>
/// Which actions the tenant's page offers. The tenant alone decides what may happen to it, so the console does not
/// repeat its rules: each action is tried on a fresh, untracked copy of the tenant, which is thrown away (never
/// saved), and an action the tenant refuses is shown with the tenant's own reason instead of a button.
/// </summary>
public sealed class TenantActionCheck(ProvisioningDbContext db, TimeProvider time)
{
    /// <summary>Every action, with null when the tenant allows it now, else why not.</summary>
    public async Task<IReadOnlyDictionary<TenantAction, string?>> CheckAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var refusals = new Dictionary<TenantAction, string?>();
        foreach (var action in Enum.GetValues<TenantAction>())
        {
            var copy = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId, cancellationToken);
            refusals[action] = Try(copy, action, now);
        }
        return refusals;
    }

    private static string? Try(Tenant tenant, TenantAction action, DateTimeOffset now)
    {
        try
        {
            switch (action)
            {
                case TenantAction.Retry: tenant.Retry(null); break;
                case TenantAction.Repair: tenant.RequestRepair(null); break;
                case TenantAction.Recreate: tenant.RequestRecreate(null, deleteOldStore: false, now); break;
                case TenantAction.Offboard: tenant.RequestDeletion(immediate: false, TimeSpan.Zero, null, now); break;
                case TenantAction.OffboardNow: tenant.RequestDeletion(immediate: true, TimeSpan.Zero, null, now); break;
                case TenantAction.CancelDeletion: tenant.CancelDeletion(null); break;
                case TenantAction.AcceptResidualErasure: tenant.AcceptResidualErasure("check", now); break;
                case TenantAction.EditSettings: tenant.ChangeSettings(tenant.DisplayName, tenant.CallbackUrl, tenant.Orchestrator, tenant.Isolation); break;
            }
            return null;
        }
        catch (TenantTransitionRefusedException refused)
        {
            return refused.Message;
        }
        catch (InvalidOperationException impossible)
        {
            // An invariant the tenant keeps (e.g. Deleted only once Twilio holds nothing): not possible now either.
            return impossible.Message;
        }
    }
}
