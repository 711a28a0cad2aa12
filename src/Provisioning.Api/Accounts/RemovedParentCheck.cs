using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Data;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Accounts;

/// <summary>
/// A parent taken out of configuration while tenants live in its accounts would leave them unmanaged: without the
/// parent's credentials the service can neither close nor rekey its subaccounts, and its own account cannot be acted
/// in at all. The start is refused instead, naming the parent. A removed parent whose accounts hold no tenant is fine:
/// they take no new tenants and reconciliation leaves them alone.
/// </summary>
public static class RemovedParentCheck
{
    public static async Task RefuseRemovedParentsHoldingTenantsAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>();
        // A database not migrated yet (migrations run by the deployment, not at start) has nothing to check against.
        if ((await db.Database.GetPendingMigrationsAsync()).Any()) return;

        var configured = scope.ServiceProvider.GetRequiredService<TwilioParents>().Sids;
        var holding = await db.PoolAccounts.AsNoTracking()
            .Where(a => !configured.Contains(a.ParentSid))
            .Select(a => new { a.ParentSid, a.Sid, Tenants = db.Tenants.Count(t => t.AccountSid == a.Sid && t.Status != TenantStatus.Deleted) })
            .Where(a => a.Tenants > 0)
            .ToListAsync();
        if (holding.Count == 0) return;

        var failures = holding.GroupBy(a => a.ParentSid).Select(g =>
            $"Parent account {g.Key} is no longer configured (Twilio:Parents / Twilio:AccountSid) but {g.Sum(a => a.Tenants)} tenants live in its accounts "
            + $"({string.Join(", ", g.Select(a => a.Sid).Take(5))}{(g.Count() > 5 ? ", …" : "")}): configure it again, or offboard those tenants before removing it.");
        throw new OptionsValidationException(TwilioOptions.SectionName, typeof(TwilioOptions), failures);
    }
}
