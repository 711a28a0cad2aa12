using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Data;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Accounts;

/// <summary>
/// Which accounts take tenants and how much room they have: the queries that placement (<see cref="SlotLedger"/>),
/// growth (<see cref="PoolGrowth"/>) and the closing of empty subaccounts read alike.
/// </summary>
public sealed class PoolCapacity(ProvisioningDbContext db, TwilioParents parents)
{
    /// <summary>The open subaccount made for the tenant whose id is <paramref name="tenantId"/> (at most one: a unique index).</summary>
    public IQueryable<PoolAccount> DedicatedAccountOf(Guid tenantId) =>
        db.PoolAccounts.Where(a => a.DedicatedTenantId == tenantId && a.Status != PoolAccountStatus.Closed);

    /// <summary>
    /// Tenant slots free for pooled tenants across every shared account that takes tenants (but
    /// <paramref name="exceptAccountSid"/>, when given): a tenant needs a store and a configuration. A dedicated
    /// account's free slots are its tenant's alone, so they are not counted.
    /// </summary>
    public Task<int> FreeSlotsAsync(CancellationToken cancellationToken, string? exceptAccountSid = null) =>
        OpenAccounts(dedicatedTenantId: null).Where(a => a.Sid != exceptAccountSid).SumAsync(a => Math.Max(0, Math.Min(
            a.StoreCapacity - a.StoresOurs - a.StoresForeign,
            a.ConfigurationCapacity - a.ConfigurationsForeign - db.Tenants.Count(t => t.AccountSid == a.Sid && t.Status != TenantStatus.Deleted))), cancellationToken);

    /// <summary>
    /// Accounts (of <see cref="OpenAccounts"/>) with a store slot and a configuration slot free. Every live tenant
    /// placed in an account holds one of its configurations (L1), whether created yet or not; counted from the tenants
    /// themselves under the slot lock, so placement never asks Twilio for an 11th.
    /// </summary>
    public IQueryable<PoolAccount> AccountsWithRoom(Guid? dedicatedTenantId) => OpenAccounts(dedicatedTenantId)
        .Where(a => a.StoresOurs + a.StoresForeign < a.StoreCapacity
                    && db.Tenants.Count(t => t.AccountSid == a.Sid && t.Status != TenantStatus.Deleted) + a.ConfigurationsForeign < a.ConfigurationCapacity);

    /// <summary>
    /// Accounts that take tenants: the shared ones (<paramref name="dedicatedTenantId"/> null), or the one dedicated to
    /// that tenant. An account being closed takes no tenant from the moment that was decided (under the slot lock), nor
    /// does one whose parent is no longer configured (the service has no credentials to manage it).
    /// </summary>
    private IQueryable<PoolAccount> OpenAccounts(Guid? dedicatedTenantId)
    {
        var parentSids = parents.Sids;
        return db.PoolAccounts.Where(a => a.Status == PoolAccountStatus.Active && a.AcceptsTenants && a.CloseRequestedAt == null
                                          && a.DedicatedTenantId == dedicatedTenantId && parentSids.Contains(a.ParentSid));
    }
}
