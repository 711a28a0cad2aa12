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
/// The operations only stage: they run inside the caller's <see cref="UnitOfWork"/> (refused outside one), take the
/// slot lock in its transaction (held to its commit), change the counters and the caller's tenant in memory, and never
/// save; the caller saves its tenant and commits, so the slot and the tenant's change are one commit.
/// </summary>
public sealed partial class SlotLedger(
    ProvisioningDbContext db,
    UnitOfWork unitOfWork,
    AdvisoryLocks locks,
    PoolCapacity capacity,
    TwilioParents parents,
    TimeProvider time,
    ILogger<SlotLedger> logger)
{
    /// <summary>
    /// This process's turn at the slot lock, to take before opening the unit of work that reserves a slot: under a
    /// burst, signups queue for it in memory, not each in a transaction holding one of the pool's connections.
    /// </summary>
    public Task<IDisposable> TakeReservationTurnAsync(CancellationToken cancellationToken) =>
        locks.TakeTurnAsync(AdvisoryLockKey.SlotReservation, cancellationToken);

    /// <summary>
    /// Stages a slot for <paramref name="tenant"/> (fill policy: parents in their configured order, the oldest account
    /// of a parent first; a dedicated tenant's only in its own subaccount) and assigns the account to it; false, with
    /// nothing staged, when no account has room (the caller grows the pool, outside its unit of work, and tries again).
    /// </summary>
    public async Task<bool> TryStageFreeSlotAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        unitOfWork.EnsureInTransaction();
        await LockSlotsAsync(cancellationToken);
        var accountsWithRoom = capacity.AccountsWithRoom(tenant.Isolation == TenantIsolation.Dedicated ? tenant.Id : null);
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
        return true;
    }

    /// <summary>
    /// Twilio refused a store create in the tenant's account and it is at its store cap
    /// (<see cref="ForeignResources.StoresAtCapAsync"/>: <paramref name="stores"/> stores, <paramref name="foreign"/> not
    /// ours): stages the tenant's slot given back, the foreign stores counted, and the tenant unassigned so that it is
    /// placed in another account.
    /// </summary>
    /// <remarks>
    /// With <paramref name="twilioSaysFull"/> (Twilio answered 520044, §12 P2) the account counts as full whatever the
    /// count says (Twilio's cap may be lower than ours, as the beta's 5): the stores that are not ours take all the room
    /// ours leave, until reconciliation counts again.
    /// </remarks>
    public async Task StageRelocationAfterCapAsync(Tenant tenant, int stores, int foreign, CancellationToken cancellationToken, bool twilioSaysFull = false)
    {
        unitOfWork.EnsureInTransaction();
        var sid = tenant.AccountSid!;
        await LockSlotsAsync(cancellationToken);
        var now = time.GetUtcNow();
        var foreignAtLeast = twilioSaysFull ? int.MaxValue : foreign;
        // Set clauses see the old row: the room left for foreign stores is capacity minus ours after the release.
        await db.PoolAccounts.Where(a => a.Sid == sid).ExecuteUpdateAsync(a => a
            .SetProperty(x => x.StoresOurs, x => x.StoresOurs > 0 ? x.StoresOurs - 1 : 0)
            .SetProperty(x => x.StoresForeign, x => Math.Max(0, Math.Min(foreignAtLeast, x.StoreCapacity - (x.StoresOurs > 0 ? x.StoresOurs - 1 : 0))))
            .SetProperty(x => x.StoresCountedAt, now)
            .SetProperty(x => x.UpdatedAt, now), cancellationToken);
        tenant.Onboarding.LeaveAccount(now);
        LogCapSurprise(logger, sid, stores, foreign, tenant.ClientId);
    }

    /// <summary>
    /// Stages one slot of <paramref name="accountSid"/> given back (a store is gone). The caller records so on its
    /// tenant and saves in the same unit of work, so a rerun after a crash cannot give it back twice.
    /// </summary>
    public async Task StageSlotReleaseAsync(string accountSid, CancellationToken cancellationToken)
    {
        unitOfWork.EnsureInTransaction();
        await LockSlotsAsync(cancellationToken);
        await db.PoolAccounts.Where(a => a.Sid == accountSid && a.StoresOurs > 0).ExecuteUpdateAsync(a => a
            .SetProperty(x => x.StoresOurs, x => x.StoresOurs - 1)
            .SetProperty(x => x.UpdatedAt, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>
    /// Stages a second slot in <paramref name="accountSid"/>, for a recreate's new store (the configuration lives in
    /// that account, so the store must too); the caller saves the recreate in the same unit of work. False, and
    /// nothing staged, when the account is full.
    /// </summary>
    public async Task<bool> TryStageExtraSlotAsync(string accountSid, CancellationToken cancellationToken)
    {
        unitOfWork.EnsureInTransaction();
        await LockSlotsAsync(cancellationToken);
        var taken = await db.PoolAccounts
            .Where(a => a.Sid == accountSid && a.StoresOurs + a.StoresForeign < a.StoreCapacity)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.StoresOurs, x => x.StoresOurs + 1).SetProperty(x => x.UpdatedAt, time.GetUtcNow()), cancellationToken);
        return taken > 0;
    }

    /// <summary>
    /// Stages the tenant leaving its (full) account with its store gone (<paramref name="storeDeleteRefusal"/> null:
    /// the store's slot is given back) or kept, retired and counted, because Twilio refused to delete it.
    /// </summary>
    public async Task StageLeaveAccountAsync(Tenant tenant, string? storeDeleteRefusal, CancellationToken cancellationToken)
    {
        unitOfWork.EnsureInTransaction();
        var sid = tenant.AccountSid!;
        var hadStore = tenant.MemoryStoreId is not null || tenant.StoreProgress.CreateRequestedAt is not null;
        await LockSlotsAsync(cancellationToken);
        if (storeDeleteRefusal is null || !hadStore)
            await db.PoolAccounts.Where(a => a.Sid == sid && a.StoresOurs > 0).ExecuteUpdateAsync(a => a
                .SetProperty(x => x.StoresOurs, x => x.StoresOurs - 1)
                .SetProperty(x => x.UpdatedAt, time.GetUtcNow()), cancellationToken);
        tenant.Onboarding.LeaveAccount(time.GetUtcNow(), storeDeleteRefusal);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a unit of work holding the slot lock (joining the caller's, if one is open), so
    /// that what it reads of the accounts' slots cannot change under it (an operator's capacity override against a
    /// concurrent reservation). The work saves what it changed.
    /// </summary>
    public Task<T> UnderSlotLockAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(async ct =>
        {
            await LockSlotsAsync(ct);
            return await work();
        }, cancellationToken);

    // Slot changes are a few milliseconds each; serialising them keeps "oldest account first" exact. The check
    // constraint on pool_accounts is what makes over-allocation impossible even without this lock.
    private Task LockSlotsAsync(CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"select pg_advisory_xact_lock({AdvisoryLockKey.SlotReservation.Space}, {AdvisoryLockKey.SlotReservation.Id})", cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountSid} refused a store at {Stores} stores ({Foreign} not ours): it is full; tenant {ClientId} moves to another account")]
    private static partial void LogCapSurprise(ILogger logger, string accountSid, int stores, int foreign, string clientId);
}
