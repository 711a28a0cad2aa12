using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Accounts;

/// <summary>
/// The slots of the accounts tenants live in. Twilio allows a fixed number of Memory Stores per account; a tenant takes
/// a slot in one account before its store is created and keeps that account on every retry; a slot is given back once
/// its store is gone. Every change is made under the slot lock. A dedicated tenant's slot is in a subaccount made for
/// it alone; pooled tenants share the others (parents from configuration, filled in that order, and the subaccounts
/// <see cref="PoolGrowth"/> creates under them when they are full).
/// </summary>
public sealed partial class SlotLedger(
    ProvisioningDbContext db,
    AdvisoryLocks locks,
    PoolCapacity capacity,
    PoolGrowth growth,
    ForeignResources foreignResources,
    TwilioParents parents,
    TimeProvider time,
    ILogger<SlotLedger> logger)
{
    /// <summary>
    /// Gives <paramref name="tenant"/> a slot (fill policy: the oldest shared account with a free slot), creating a
    /// subaccount when none has one; a dedicated tenant's in its own subaccount. Does nothing for a tenant that
    /// already has its account.
    /// </summary>
    /// <exception cref="PoolExhaustedException">
    /// No account may take the tenant and the subaccount ceiling is reached (or its dedicated subaccount is full).
    /// </exception>
    public async Task ReserveSlotAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        if (tenant.AccountSid is not null) return;
        if (tenant.Isolation == TenantIsolation.Dedicated)
        {
            await ReserveDedicatedSlotAsync(tenant, cancellationToken);
            return;
        }
        while (!await TryTakeFreeSlotAsync(tenant, capacity.AccountsWithRoom(dedicatedTenantId: null), cancellationToken))
            await growth.GrowForOneSlotAsync(cancellationToken);
        await growth.RequestHeadroomIfLowAsync(cancellationToken);
    }

    /// <summary>
    /// The dedicated tenant's slot, in the subaccount made for it (on its first placement, counted against the ceiling
    /// like any subaccount). No other account will do: it waits, like a pooled signup at the ceiling, rather than share one.
    /// </summary>
    private async Task ReserveDedicatedSlotAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        if (await TryTakeFreeSlotAsync(tenant, capacity.AccountsWithRoom(tenant.Id), cancellationToken)) return;
        var sid = await growth.EnsureDedicatedSubaccountAsync(tenant, cancellationToken);
        if (!await TryTakeFreeSlotAsync(tenant, capacity.AccountsWithRoom(tenant.Id), cancellationToken))
            throw new PoolExhaustedException(
                $"Tenant {tenant.ClientId}'s dedicated subaccount {sid} has no free slot or takes no tenants (stores or configurations made there "
                + "outside the service count against its caps): remove them, or change the account with PATCH /v1/accounts/{sid}.");
    }

    /// <summary>
    /// Twilio refused a store create in the tenant's account. Twilio documents no error for the store cap, so
    /// count the account's stores (M2): at the cap, record the stores that are not ours, give the tenant's slot
    /// back and unassign it so that it is placed in another account. Returns false when the cap is not the reason.
    /// </summary>
    public async Task<bool> TryRelocateAfterCapAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var sid = tenant.AccountSid!;
        if (await foreignResources.StoresAtCapAsync(sid, credentials, cancellationToken) is not (var stores, var foreign)) return false;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockSlotsAsync(cancellationToken);
        var now = time.GetUtcNow();
        // Set clauses see the old row: the room left for foreign stores is capacity minus ours after the release.
        await db.PoolAccounts.Where(a => a.Sid == sid).ExecuteUpdateAsync(a => a
            .SetProperty(x => x.StoresOurs, x => x.StoresOurs > 0 ? x.StoresOurs - 1 : 0)
            .SetProperty(x => x.StoresForeign, x => Math.Max(0, Math.Min(foreign, x.StoreCapacity - (x.StoresOurs > 0 ? x.StoresOurs - 1 : 0))))
            .SetProperty(x => x.StoresCountedAt, now)
            .SetProperty(x => x.UpdatedAt, now), cancellationToken);
        tenant.Onboarding.LeaveAccount(now);
        // UoW: commits the caller's tenant (and the foreign stores just recorded) with the slot.
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        LogCapSurprise(logger, sid, stores, foreign, tenant.ClientId);
        return true;
    }

    /// <summary>
    /// Gives one slot of <paramref name="accountSid"/> back (a store is gone) and saves <paramref name="recordOnTenant"/>
    /// in the same transaction, so a rerun after a crash cannot give it back twice.
    /// </summary>
    public async Task ReleaseSlotAsync(string accountSid, Action recordOnTenant, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockSlotsAsync(cancellationToken);
        var now = time.GetUtcNow();
        await db.PoolAccounts.Where(a => a.Sid == accountSid && a.StoresOurs > 0).ExecuteUpdateAsync(a => a
            .SetProperty(x => x.StoresOurs, x => x.StoresOurs - 1)
            .SetProperty(x => x.UpdatedAt, now), cancellationToken);
        recordOnTenant();
        // UoW: commits the caller's entities with the slot.
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>
    /// Saves the pending changes (a recreate recorded on its tenant) together with a second slot in
    /// <paramref name="accountSid"/>, for the recreate's new store (the configuration lives in that account, so the
    /// store must too), in one transaction. False, and nothing saved, when the account is full.
    /// </summary>
    public async Task<bool> SaveWithExtraSlotAsync(string accountSid, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockSlotsAsync(cancellationToken);
        var now = time.GetUtcNow();
        var taken = await db.PoolAccounts
            .Where(a => a.Sid == accountSid && a.StoresOurs + a.StoresForeign < a.StoreCapacity)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.StoresOurs, x => x.StoresOurs + 1).SetProperty(x => x.UpdatedAt, now), cancellationToken);
        if (taken == 0) return false;
        // UoW: commits the caller's tenant with the slot.
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return true;
    }

    /// <summary>
    /// The tenant leaves its (full) account with its store gone (<paramref name="storeDeleteRefusal"/> null: the
    /// store's slot is given back) or kept, retired and counted, because Twilio refused to delete it.
    /// </summary>
    public async Task LeaveAccountAsync(Tenant tenant, string? storeDeleteRefusal, CancellationToken cancellationToken)
    {
        var sid = tenant.AccountSid!;
        var hadStore = tenant.MemoryStoreId is not null || tenant.StoreProgress.CreateRequestedAt is not null;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockSlotsAsync(cancellationToken);
        if (storeDeleteRefusal is null || !hadStore)
            await db.PoolAccounts.Where(a => a.Sid == sid && a.StoresOurs > 0).ExecuteUpdateAsync(a => a
                .SetProperty(x => x.StoresOurs, x => x.StoresOurs - 1)
                .SetProperty(x => x.UpdatedAt, time.GetUtcNow()), cancellationToken);
        tenant.Onboarding.LeaveAccount(time.GetUtcNow(), storeDeleteRefusal);
        // UoW: commits the caller's tenant with the slot.
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction holding the slot lock, so that what it reads of the accounts'
    /// slots cannot change under it (an operator's capacity override against a concurrent reservation).
    /// </summary>
    public async Task<T> UnderSlotLockAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockSlotsAsync(cancellationToken);
        var result = await work();
        await transaction.CommitAsync(CancellationToken.None);
        return result;
    }

    /// <summary>
    /// A slot in the first of <paramref name="accountsWithRoom"/> (parents in their configured order, the oldest account
    /// of a parent first), read and taken under the slot lock; false when there is none.
    /// </summary>
    private async Task<bool> TryTakeFreeSlotAsync(Tenant tenant, IQueryable<PoolAccount> accountsWithRoom, CancellationToken cancellationToken)
    {
        // Every signup passes here: under a burst they queue in memory for the slot lock, not each holding a connection.
        using var turn = await locks.TakeTurnAsync(AdvisoryLockKey.SlotReservation, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockSlotsAsync(cancellationToken);
        var parentSids = parents.Sids;
        var sid = await accountsWithRoom
            .OrderBy(a => Array.IndexOf(parentSids, a.ParentSid))
            .ThenBy(a => a.PoolIndex)
            .Select(a => a.Sid)
            .FirstOrDefaultAsync(cancellationToken);
        if (sid is null) return false;

        var now = time.GetUtcNow();
        await db.PoolAccounts.Where(a => a.Sid == sid).ExecuteUpdateAsync(a => a
            .SetProperty(x => x.StoresOurs, x => x.StoresOurs + 1)
            .SetProperty(x => x.EmptySince, (DateTimeOffset?)null)
            .SetProperty(x => x.UpdatedAt, now), cancellationToken);
        tenant.Onboarding.AssignAccount(sid);
        // UoW: commits the caller's tenant (its account) with the slot. A burst's tenants wait here for their turn long
        // enough for the runner's heartbeat to renew their leases: that bookkeeping is taken, not a failed run.
        await TenantConflicts.SaveAsync(db, TenantConflicts.RunState, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return true;
    }

    // Slot changes are a few milliseconds each; serialising them keeps "oldest account first" exact. The check
    // constraint on pool_accounts is what makes over-allocation impossible even without this lock.
    private Task LockSlotsAsync(CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"select pg_advisory_xact_lock({AdvisoryLockKey.SlotReservation.Space}, {AdvisoryLockKey.SlotReservation.Id})", cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountSid} refused a store at {Stores} stores ({Foreign} not ours): it is full; tenant {ClientId} moves to another account")]
    private static partial void LogCapSurprise(ILogger logger, string accountSid, int stores, int foreign, string clientId);
}
