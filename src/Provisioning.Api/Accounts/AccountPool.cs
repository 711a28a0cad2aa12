using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Api.Reconciliation;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Accounts;

/// <summary>
/// The Twilio accounts tenants live in: the parents from configuration (Twilio:Parents, filled in that order) and the
/// subaccounts the service creates under them when they are full. Twilio allows a fixed number of Memory Stores per account; a tenant takes a slot
/// in one account before its store is created, and keeps that account on every retry. A dedicated tenant's slot is
/// in a subaccount made for it alone; pooled tenants share the others.
/// </summary>
public sealed partial class AccountPool(
    ProvisioningDbContext db,
    AdvisoryLocks locks,
    AccountsClient accountsClient,
    MemoryClient memory,
    ConversationsClient conversations,
    SubaccountSecrets secrets,
    IBackgroundJobClient jobs,
    PoolMetrics metrics,
    TwilioParents parents,
    PoolGrowthRounds rounds,
    TimeProvider time,
    IOptions<TwilioOptions> twilioOptions,
    IOptions<AccountPoolOptions> poolOptions,
    ILogger<AccountPool> logger)
{
    private readonly TwilioOptions _twilio = twilioOptions.Value;
    private readonly AccountPoolOptions _options = poolOptions.Value;

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
        while (!await TryTakeFreeSlotAsync(tenant, AccountsWithRoom(dedicatedTenantId: null), cancellationToken))
        {
            // Under a burst, hundreds of signups wait for each growth round, and only some find room after it: the rest
            // learn that from the round's own count and wait for the next one. Had each asked the database, the next
            // round's leader would have queued behind hundreds of queries for every one of its own.
            do await GrowAsync(minimumFreeSlots: 1, cancellationToken);
            while (!rounds.TryClaimFreeSlot());
        }

        if (_options.HeadroomSlots > 0 && rounds.TryClaimHeadroomRequest(time.GetUtcNow()) && await FreeSlotsAsync(cancellationToken) < _options.HeadroomSlots)
            jobs.Enqueue<AccountPool>(pool => pool.EnsureHeadroomAsync(CancellationToken.None));
    }

    /// <summary>
    /// The dedicated tenant's slot, in the subaccount made for it (on its first placement, counted against the ceiling
    /// like any subaccount). No other account will do: it waits, like a pooled signup at the ceiling, rather than share one.
    /// </summary>
    private async Task ReserveDedicatedSlotAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        if (await TryTakeFreeSlotAsync(tenant, AccountsWithRoom(tenant.Id), cancellationToken)) return;
        var sid = await EnsureDedicatedSubaccountAsync(tenant, cancellationToken);
        if (!await TryTakeFreeSlotAsync(tenant, AccountsWithRoom(tenant.Id), cancellationToken))
            throw new PoolExhaustedException(
                $"Tenant {tenant.ClientId}'s dedicated subaccount {sid} has no free slot or takes no tenants (stores or configurations made there "
                + "outside the service count against its caps): remove them, or change the account with PATCH /v1/accounts/{sid}.");
    }

    /// <summary>The open subaccount made for the tenant whose id is <paramref name="tenantId"/> (at most one: a unique index).</summary>
    public IQueryable<PoolAccount> DedicatedAccountOf(Guid tenantId) =>
        db.PoolAccounts.Where(a => a.DedicatedTenantId == tenantId && a.Status != PoolAccountStatus.Closed);

    /// <summary>Background job: make the next subaccount before signups need it.</summary>
    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Keep account pool headroom")]
    public async Task EnsureHeadroomAsync(CancellationToken cancellationToken)
    {
        try
        {
            await GrowAsync(_options.HeadroomSlots, cancellationToken);
        }
        catch (PoolExhaustedException e)
        {
            LogCeilingReached(logger, e.Message);
        }
    }

    /// <summary>The credentials of the parent that owns <paramref name="account"/> (its own, for a parent).</summary>
    /// <exception cref="InvalidOperationException">That parent is no longer configured.</exception>
    public TwilioCredentials ParentCredentialsOf(PoolAccount account) => parents.Get(account.ParentSid).Credentials;

    /// <summary>Credentials that act in <paramref name="accountSid"/> (contract §1.2: the account comes from them).</summary>
    public async Task<TwilioCredentials> GetCredentialsAsync(string accountSid, CancellationToken cancellationToken)
    {
        if (parents.Find(accountSid) is { } parent) return parent.Credentials;
        var account = await db.PoolAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Sid == accountSid, cancellationToken)
                      ?? throw new InvalidOperationException($"Account {accountSid} is not in the pool.");
        if (account.CredentialSid is null || account.ProtectedSecret is null)
            throw new InvalidOperationException($"Account {accountSid} has no credentials recorded.");
        return new TwilioCredentials(account.Sid, account.CredentialSid, secrets.Unprotect(account.ProtectedSecret));
    }

    /// <summary>
    /// Twilio refused a store create in the tenant's account. Twilio documents no error for the store cap, so
    /// count the account's stores (M2): at the cap, record the stores that are not ours, give the tenant's slot
    /// back and unassign it so that it is placed in another account. Returns false when the cap is not the reason.
    /// </summary>
    public async Task<bool> TryRelocateAfterCapAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var sid = tenant.AccountSid!;
        var capacity = await db.PoolAccounts.Where(a => a.Sid == sid).Select(a => a.StoreCapacity).SingleAsync(cancellationToken);
        var storeIds = await memory.ListAllStoreIdsAsync(credentials, cancellationToken);
        if (storeIds.Count < capacity) return false;

        var foreign = await RememberForeignStoresAsync(sid, storeIds, cancellationToken);
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
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        LogCapSurprise(logger, sid, storeIds.Count, foreign, tenant.ClientId);
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
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return true;
    }

    /// <summary>Records which of an account's stores are not ours (so reconciliation need not fetch them) and counts them.</summary>
    private async Task<int> RecordForeignStoresAsync(PoolAccount account, IReadOnlyCollection<string> storeIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var foreign = await RememberForeignStoresAsync(account.Sid, storeIds, cancellationToken);
        return account.RecordForeignStores(foreign, now);
    }

    private async Task<int> RememberForeignStoresAsync(string accountSid, IReadOnlyCollection<string> storeIds, CancellationToken cancellationToken)
    {
        var known = await KnownStores.AmongAsync(db, storeIds, cancellationToken);
        var now = time.GetUtcNow();
        var fresh = storeIds.Except(known.Select(k => k.StoreId)).ToList();
        db.KnownForeignStores.AddRange(fresh.Select(id => new KnownForeignStore(id, accountSid, null, now)));
        return known.Count(k => k.IsForeign) + fresh.Count;
    }

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

    /// <summary>
    /// Accounts (of <see cref="OpenAccounts"/>) with a store slot and a configuration slot free. Every live tenant
    /// placed in an account holds one of its configurations (L1), whether created yet or not; counted from the tenants
    /// themselves under the slot lock, so placement never asks Twilio for an 11th.
    /// </summary>
    private IQueryable<PoolAccount> AccountsWithRoom(Guid? dedicatedTenantId) => OpenAccounts(dedicatedTenantId)
        .Where(a => a.StoresOurs + a.StoresForeign < a.StoreCapacity
                    && db.Tenants.Count(t => t.AccountSid == a.Sid && t.Status != TenantStatus.Deleted) + a.ConfigurationsForeign < a.ConfigurationCapacity);

    /// <summary>
    /// Twilio refused a configuration create in the tenant's account. No error is documented for the cap (L1), so
    /// count the account's configurations (C2): at the cap, the ones that are not ours are recorded as foreign and
    /// true is returned (the caller moves the tenant, without leaving its store behind). False when the cap is not the reason.
    /// </summary>
    public async Task<bool> IsAtConfigurationCapAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var sid = tenant.AccountSid!;
        var capacity = await db.PoolAccounts.Where(a => a.Sid == sid).Select(a => a.ConfigurationCapacity).SingleAsync(cancellationToken);
        var configurations = await conversations.ListAllConfigurationsAsync(credentials, memoryStoreId: null, cancellationToken);
        if (configurations.Count < capacity) return false;

        var foreign = await RememberForeignConfigurationsAsync(sid, configurations, cancellationToken);
        await db.PoolAccounts.Where(a => a.Sid == sid).ExecuteUpdateAsync(a => a
            .SetProperty(x => x.ConfigurationsForeign, foreign)
            .SetProperty(x => x.UpdatedAt, time.GetUtcNow()), cancellationToken);
        await db.SaveChangesAsync(CancellationToken.None);
        LogConfigurationCapSurprise(logger, sid, configurations.Count, foreign, tenant.ClientId);
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
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>Records which of an account's configurations are not ours and counts them (ours: some tenant's configuration id).</summary>
    private async Task<int> RememberForeignConfigurationsAsync(string accountSid, IReadOnlyCollection<Configuration> configurations, CancellationToken cancellationToken)
    {
        var ids = configurations.Select(c => c.Id).ToList();
        var ours = await db.Tenants.Where(t => t.OrchestratorConfigurationId != null && ids.Contains(t.OrchestratorConfigurationId))
            .Select(t => t.OrchestratorConfigurationId!).ToListAsync(cancellationToken);
        // A configuration named for a tenant of ours here whose id is not recorded yet (a create in flight) is ours too.
        var inFlight = await db.Tenants.Where(t => t.AccountSid == accountSid && t.Status != TenantStatus.Deleted && t.OrchestratorConfigurationId == null)
            .Select(t => t.MemoryStoreName).ToListAsync(cancellationToken);
        var known = await db.KnownForeignConfigurations.Where(f => ids.Contains(f.ConfigurationId)).Select(f => f.ConfigurationId).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var foreign = configurations.Where(c => !ours.Contains(c.Id) && !inFlight.Contains(c.DisplayName ?? "")).ToList();
        db.KnownForeignConfigurations.AddRange(foreign.Where(c => !known.Contains(c.Id)).Select(c => new KnownForeignConfiguration(c.Id, accountSid, c.DisplayName, now)));
        return foreign.Count;
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
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return true;
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

    // Slot changes are a few milliseconds each; serialising them keeps "oldest account first" exact. The check
    // constraint on pool_accounts is what makes over-allocation impossible even without this lock.
    private Task LockSlotsAsync(CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"select pg_advisory_xact_lock({AdvisoryLockKey.SlotReservation.Space}, {AdvisoryLockKey.SlotReservation.Id})", cancellationToken);

    /// <summary>
    /// Adds shared accounts unless <paramref name="minimumFreeSlots"/> are already free: one growth round, or a wait for
    /// the round already running in this process (<see cref="PoolGrowthRounds"/>).
    /// </summary>
    private Task GrowAsync(int minimumFreeSlots, CancellationToken cancellationToken) =>
        rounds.RunOrJoinAsync(() => GrowRoundAsync(minimumFreeSlots, cancellationToken), cancellationToken);

    /// <summary>
    /// One round, under the growth lock (one process at a time, so signups arriving together never make more than the
    /// backlog needs): as many accounts as the signups waiting for a slot need, up to
    /// AccountPool:MaxParallelSubaccountCreations, their subaccounts created at Twilio in parallel.
    /// </summary>
    private async Task GrowRoundAsync(int minimumFreeSlots, CancellationToken cancellationToken)
    {
        await using var growthLock = await locks.AcquireAsync(AdvisoryLockKey.PoolGrowth, cancellationToken);
        var free = await FreeSlotsAsync(cancellationToken);
        if (free >= minimumFreeSlots)
        {
            rounds.ReportFreeSlots(free);
            return;
        }

        // The signups without a slot are the backlog (this one among them); headroom alone asks for one account.
        var waiting = await db.Tenants.CountAsync(t => t.AccountSid == null && t.Isolation == TenantIsolation.Pooled
                                                       && (t.Status == TenantStatus.Pending || t.Status == TenantStatus.Provisioning), cancellationToken);
        var perAccount = Math.Max(1, _twilio.TenantsPerAccount);
        var wanted = Math.Clamp((waiting - free + perAccount - 1) / perAccount, 1, _options.MaxParallelSubaccountCreations);
        var (joined, planned) = await PlanSharedAccountsAsync(wanted, cancellationToken);
        if (joined == 0 && planned.Count == 0)
            throw new PoolExhaustedException($"Every account is full and {await CeilingsAsync(cancellationToken)}: add a parent account (Twilio:Parents) or raise a ceiling.");
        if (planned.Count > 0) await AddSubaccountsAsync(planned, cancellationToken);
        rounds.ReportFreeSlots(await FreeSlotsAsync(cancellationToken));
    }

    /// <summary>
    /// <paramref name="wanted"/> more accounts in fill order: the first parent with room gets them, and when a parent
    /// is at its ceiling the next one joins the pool (its own account is the first of them) and takes the rest.
    /// Shared subaccounts are numbered per parent, among its shared ones alone, lowest free number first: a dedicated one
    /// made in between, or a subaccount of a parallel round that failed while others were added, must not change the name
    /// a lost reply left behind, which the next round, planning the same, looks for.
    /// </summary>
    private async Task<(int Joined, List<PlannedSubaccount> Planned)> PlanSharedAccountsAsync(int wanted, CancellationToken cancellationToken)
    {
        var inPool = await db.PoolAccounts.Where(a => a.IsParent).Select(a => a.Sid).ToListAsync(cancellationToken);
        var counts = await SubaccountCountsAsync(cancellationToken);
        var joined = 0;
        var planned = new List<PlannedSubaccount>();
        foreach (var parent in parents.All)
        {
            if (wanted == 0) break;
            if (!inPool.Contains(parent.AccountSid))
            {
                await JoinParentAsync(parent, cancellationToken);
                joined++;
                if (--wanted == 0) break;
            }
            var open = counts.GetValueOrDefault(parent.AccountSid);
            var take = Math.Min(wanted, Math.Max(0, parent.MaxSubaccounts - open));
            if (take == 0) continue;
            var taken = (await db.PoolAccounts.Where(a => a.ParentSid == parent.AccountSid && !a.IsParent && a.DedicatedTenantId == null)
                .Select(a => a.FriendlyName).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            var names = Enumerable.Range(1, int.MaxValue - 1).Select(_options.PooledSubaccountName).Where(n => !taken.Contains(n)).Take(take);
            planned.AddRange(names.Select((name, i) => new PlannedSubaccount(parent, name, DedicatedTenantId: null, open + i + 1)));
            wanted -= take;
        }
        return (joined, planned);
    }

    /// <summary>Per parent: the subaccounts it owns (closed ones do not count, §9).</summary>
    private async Task<Dictionary<string, int>> SubaccountCountsAsync(CancellationToken cancellationToken) =>
        await db.PoolAccounts.Where(a => !a.IsParent && a.Status != PoolAccountStatus.Closed).GroupBy(a => a.ParentSid)
            .Select(g => new { Parent = g.Key, Open = g.Count() })
            .ToDictionaryAsync(g => g.Parent, g => g.Open, StringComparer.Ordinal, cancellationToken);

    /// <summary>Every parent's subaccounts against its ceiling, for the message that says the pool is exhausted.</summary>
    private async Task<string> CeilingsAsync(CancellationToken cancellationToken)
    {
        var counts = await SubaccountCountsAsync(cancellationToken);
        if (parents.All is [var only])
            return $"the parent owns {counts.GetValueOrDefault(only.AccountSid)} of at most {only.MaxSubaccounts} subaccounts (Twilio:MaxSubaccounts)";
        var each = parents.All.Select(p => $"parent {p.Name} ({p.AccountSid}) owns {counts.GetValueOrDefault(p.AccountSid)} of at most {p.MaxSubaccounts} subaccounts");
        return string.Join("; ", each) + " (Twilio:Parents:N:MaxSubaccounts)";
    }

    /// <summary>
    /// The dedicated tenant's open subaccount, created for it when it has none, under the first parent with room. Under
    /// the growth lock like every subaccount, so each ceiling counts it exactly and two runs never make two. Returns its SID.
    /// </summary>
    private async Task<string> EnsureDedicatedSubaccountAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        await using var growthLock = await locks.AcquireAsync(AdvisoryLockKey.PoolGrowth, cancellationToken);
        if (await DedicatedAccountOf(tenant.Id).Select(a => a.Sid).FirstOrDefaultAsync(cancellationToken) is { } existing) return existing;
        // The first parent is the pool's first account, as it always was.
        if (!await db.PoolAccounts.AnyAsync(a => a.IsParent, cancellationToken)) await JoinParentAsync(parents.All[0], cancellationToken);

        var counts = await SubaccountCountsAsync(cancellationToken);
        var parent = parents.All.FirstOrDefault(p => counts.GetValueOrDefault(p.AccountSid) < p.MaxSubaccounts)
                     ?? throw new PoolExhaustedException($"Dedicated tenant {tenant.ClientId} needs a subaccount of its own and {await CeilingsAsync(cancellationToken)}.");
        var plan = new PlannedSubaccount(parent, _options.DedicatedSubaccountName(tenant.ClientId), tenant.Id, counts.GetValueOrDefault(parent.AccountSid) + 1);
        return (await AddSubaccountsAsync([plan], cancellationToken))[0];
    }

    /// <summary>
    /// Creates the <paramref name="planned"/> subaccounts at Twilio in parallel (or finds the ones a lost reply left),
    /// makes the service's API key in each and adds them to the pool in one save. The caller holds the growth lock.
    /// A subaccount that could not be made is left to the next round, which plans the same name and finds it if Twilio
    /// made it; when none could be made, the first failure is thrown. Returns the SIDs added.
    /// </summary>
    private async Task<List<string>> AddSubaccountsAsync(IReadOnlyList<PlannedSubaccount> planned, CancellationToken cancellationToken)
    {
        var names = planned.Select(p => p.Name).ToList();
        var inPool = (await db.PoolAccounts.Where(a => names.Contains(a.FriendlyName)).Select(a => a.Sid).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var attempts = planned.Select(p => CreateAtTwilioAsync(p, inPool, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(attempts);
        }
        catch (Exception) when (attempts.Any(a => a.IsCompletedSuccessfully))
        {
            foreach (var (attempt, plan) in attempts.Zip(planned).Where(x => !x.First.IsCompletedSuccessfully))
                LogSubaccountNotAdded(logger, plan.Name, plan.Parent.Name, attempt.Exception?.GetBaseException().Message ?? "cancelled");
        }

        var now = time.GetUtcNow();
        var index = await NextPoolIndexAsync(cancellationToken);
        var added = new List<CreatedSubaccount>();
        foreach (var created in attempts.Where(a => a.IsCompletedSuccessfully).Select(a => a.Result))
        {
            var account = new PoolAccount(created.Subaccount.Sid, created.Parent.AccountSid, index++, created.Plan.Name, isParent: false,
                _twilio.StoreCapPerAccount, _twilio.ConfigurationCapPerAccount, now, created.Plan.DedicatedTenantId);
            var secret = created.Key.Secret ?? throw new InvalidOperationException("Twilio returned an API key without its secret.");
            account.SetCredentials(created.Key.Sid, secrets.Protect(secret), now);
            if (created.Adopted)
            {
                await RecordForeignResourcesAsync(account, new TwilioCredentials(account.Sid, created.Key.Sid, secret), now, cancellationToken);
                // The attempt that created the subaccount may have made a key too, whose secret died with it: the key
                // housekeeping deletes every key of ours but this one.
                account.ScheduleRetiredKeysDeletion(now + _twilio.ConsistencyWindow);
            }
            db.PoolAccounts.Add(account);
            added.Add(created);
        }
        await db.SaveChangesAsync(CancellationToken.None);

        foreach (var created in added)
        {
            LogSubaccountAdded(logger, created.Subaccount.Sid, created.Plan.Name, created.Parent.Name, created.Adopted);
            var parent = created.Parent;
            var subaccounts = await db.PoolAccounts.CountAsync(a => !a.IsParent && a.ParentSid == parent.AccountSid && a.Status != PoolAccountStatus.Closed, CancellationToken.None);
            var nearCeiling = subaccounts >= parent.MaxSubaccounts * _options.CeilingWarningRatio;
            metrics.RecordSubaccountAdded(parent.Name, subaccounts, parent.MaxSubaccounts, nearCeiling);
            if (nearCeiling) LogCeilingNear(logger, parent.Name, subaccounts, parent.MaxSubaccounts);
        }
        return added.Select(a => a.Subaccount.Sid).ToList();
    }

    /// <summary>
    /// One planned subaccount at Twilio. A crash between Twilio's reply and our commit leaves a subaccount we do not know:
    /// it is found by its name first, only an active one (a closed subaccount keeps its name for 30 days) not in the pool
    /// already (a clientId signed up again finds its earlier dedicated subaccount under the same name). A dedicated name is
    /// looked for under every parent (the one with room may have changed since); a shared one under its own parent.
    /// </summary>
    private async Task<CreatedSubaccount> CreateAtTwilioAsync(PlannedSubaccount plan, IReadOnlySet<string> inPool, CancellationToken cancellationToken)
    {
        foreach (var parent in plan.DedicatedTenantId is null ? [plan.Parent] : parents.All)
        {
            var named = await accountsClient.FindAccountsAsync(parent.Credentials, plan.Name, "active", cancellationToken);
            if (named.FirstOrDefault(a => a.Sid != parent.AccountSid && !inPool.Contains(a.Sid)) is { } adopted)
                return new CreatedSubaccount(plan, parent, adopted, await CreateKeyAsync(parent, adopted), Adopted: true);
        }
        var subaccount = await accountsClient.CreateSubaccountAsync(plan.Parent.Credentials, plan.Name, cancellationToken);
        return new CreatedSubaccount(plan, plan.Parent, subaccount, await CreateKeyAsync(plan.Parent, subaccount), Adopted: false);

        Task<TwilioApiKey> CreateKeyAsync(TwilioParent parent, TwilioAccount account) =>
            accountsClient.CreateApiKeyAsync(parent.Credentials, account.Sid, _options.ApiKeyName, cancellationToken);
    }

    /// <summary>
    /// Closes at Twilio (A4 <c>Status=closed</c>, final) a subaccount whose close was decided and saved
    /// (<see cref="PoolAccount.RequestClose"/>), and takes it out of the pool. Safe to run again after a crash: a
    /// subaccount Twilio already closed, or deleted since (30 days after its close), counts as closed.
    /// </summary>
    /// <exception cref="TwilioApiException">Twilio refused the close; the account stays in the pool, to be closed again.</exception>
    public async Task CloseSubaccountAsync(PoolAccount account, CancellationToken cancellationToken)
    {
        var parent = ParentCredentialsOf(account);
        try
        {
            await accountsClient.CloseSubaccountAsync(parent, account.Sid, cancellationToken);
        }
        catch (TwilioApiException e) when (!e.IsNotFound)
        {
            // Twilio may refuse to change an account that is closed already: what was asked for is done.
            if (await accountsClient.FetchAccountAsync(parent, account.Sid, cancellationToken) is { } atTwilio
                && !string.Equals(atTwilio.Status, "closed", StringComparison.OrdinalIgnoreCase))
                throw;
        }
        catch (TwilioApiException e) when (e.IsNotFound)
        {
            // Closed long ago and deleted by Twilio since: it is gone all the same.
        }
        account.MarkClosed(time.GetUtcNow());
        await db.SaveChangesAsync(CancellationToken.None);
        metrics.RecordSubaccountClosed(parents.Get(account.ParentSid).Name,
            await db.PoolAccounts.CountAsync(a => !a.IsParent && a.ParentSid == account.ParentSid && a.Status != PoolAccountStatus.Closed, cancellationToken));
    }

    /// <summary>
    /// Counts what the account holds at Twilio that the database does not know as ours (stores and configurations)
    /// and records it as foreign; the caller saves. Returns how many there are.
    /// </summary>
    public async Task<int> RecordForeignResourcesAsync(PoolAccount account, TwilioCredentials credentials, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stores = await memory.ListAllStoreIdsAsync(credentials, cancellationToken);
        var foreignStores = await RememberForeignStoresAsync(account.Sid, stores, cancellationToken);
        account.RecordForeignStores(foreignStores, now);
        var configurations = await conversations.ListAllConfigurationsAsync(credentials, memoryStoreId: null, cancellationToken);
        var foreignConfigurations = await RememberForeignConfigurationsAsync(account.Sid, configurations, cancellationToken);
        account.RecordForeignConfigurations(foreignConfigurations, now);
        return foreignStores + foreignConfigurations;
    }

    /// <summary>
    /// <paramref name="parent"/> joins the pool when the fill reaches it (the first on first use), with what it already
    /// holds counted as foreign, and the tenants older versions placed in it (every tenant, before the pool) as ours.
    /// </summary>
    private async Task JoinParentAsync(TwilioParent parent, CancellationToken cancellationToken)
    {
        var credentials = parent.Credentials;
        var storeIds = await memory.ListAllStoreIdsAsync(credentials, cancellationToken);
        var ourTenants = await db.Tenants.CountAsync(t => t.AccountSid == credentials.AccountSid, cancellationToken);
        var now = time.GetUtcNow();
        var index = await NextPoolIndexAsync(cancellationToken);
        var account = new PoolAccount(credentials.AccountSid, credentials.AccountSid, index, parent.Name, isParent: true,
            _twilio.StoreCapPerAccount, _twilio.ConfigurationCapPerAccount, now);
        account.AdoptExistingTenants(ourTenants, now);
        var overflow = await RecordForeignStoresAsync(account, storeIds, now, cancellationToken);
        var configurations = await conversations.ListAllConfigurationsAsync(credentials, memoryStoreId: null, cancellationToken);
        account.RecordForeignConfigurations(await RememberForeignConfigurationsAsync(account.Sid, configurations, cancellationToken), now);
        db.PoolAccounts.Add(account);
        await db.SaveChangesAsync(CancellationToken.None);
        LogParentJoined(logger, parent.Name, credentials.AccountSid, storeIds.Count, overflow);
    }

    /// <summary>The next fill position (0 for the first account); the caller holds the growth lock.</summary>
    private async Task<int> NextPoolIndexAsync(CancellationToken cancellationToken) =>
        (await db.PoolAccounts.MaxAsync(a => (int?)a.PoolIndex, cancellationToken) ?? -1) + 1;

    [LoggerMessage(Level = LogLevel.Information, Message = "Parent account {ParentName} ({AccountSid}) joined the pool holding {Stores} stores ({Overflow} beyond the cap)")]
    private static partial void LogParentJoined(ILogger logger, string parentName, string accountSid, int stores, int overflow);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subaccount {AccountSid} ({FriendlyName}) of parent {ParentName} joined the pool; adopted after a lost reply: {Adopted}")]
    private static partial void LogSubaccountAdded(ILogger logger, string accountSid, string friendlyName, string parentName, bool adopted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subaccount {FriendlyName} of parent {ParentName} could not be added in this growth round: {Reason}")]
    private static partial void LogSubaccountNotAdded(ILogger logger, string friendlyName, string parentName, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountSid} refused a store at {Stores} stores ({Foreign} not ours): it is full; tenant {ClientId} moves to another account")]
    private static partial void LogCapSurprise(ILogger logger, string accountSid, int stores, int foreign, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountSid} refused a configuration at {Configurations} configurations ({Foreign} not ours): it is full; tenant {ClientId} moves to another account")]
    private static partial void LogConfigurationCapSurprise(ILogger logger, string accountSid, int configurations, int foreign, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Parent {ParentName} owns {Subaccounts} of at most {MaxSubaccounts} subaccounts: the pool moves on to the next parent when it is full; raise Twilio's limit or add a parent account")]
    private static partial void LogCeilingNear(ILogger logger, string parentName, int subaccounts, int maxSubaccounts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Account pool exhausted: {Reason}")]
    private static partial void LogCeilingReached(ILogger logger, string reason);
}
