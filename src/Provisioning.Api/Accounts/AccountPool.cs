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
/// The Twilio accounts tenants live in: the parent from configuration and the subaccounts the service creates
/// when the parent is full. Twilio allows a fixed number of Memory Stores per account; a tenant takes a slot
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
            await GrowAsync(minimumFreeSlots: 1, cancellationToken);

        if (_options.HeadroomSlots > 0 && await FreeSlotsAsync(cancellationToken) < _options.HeadroomSlots)
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

    /// <summary>Credentials that act in <paramref name="accountSid"/> (contract §1.2: the account comes from them).</summary>
    public async Task<TwilioCredentials> GetCredentialsAsync(string accountSid, CancellationToken cancellationToken)
    {
        if (accountSid == _twilio.AccountSid) return _twilio.ParentCredentials;
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
        tenant.LeaveAccount(now);
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
    /// that tenant. An account being closed takes no tenant from the moment that was decided (under the slot lock).
    /// </summary>
    private IQueryable<PoolAccount> OpenAccounts(Guid? dedicatedTenantId) =>
        db.PoolAccounts.Where(a => a.Status == PoolAccountStatus.Active && a.AcceptsTenants && a.CloseRequestedAt == null
                                   && a.DedicatedTenantId == dedicatedTenantId);

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
        tenant.LeaveAccount(time.GetUtcNow(), storeDeleteRefusal);
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

    /// <summary>A slot in the oldest of <paramref name="accountsWithRoom"/>, read and taken under the slot lock; false when there is none.</summary>
    private async Task<bool> TryTakeFreeSlotAsync(Tenant tenant, IQueryable<PoolAccount> accountsWithRoom, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockSlotsAsync(cancellationToken);
        var sid = await accountsWithRoom
            .OrderBy(a => a.PoolIndex)
            .Select(a => a.Sid)
            .FirstOrDefaultAsync(cancellationToken);
        if (sid is null) return false;

        var now = time.GetUtcNow();
        await db.PoolAccounts.Where(a => a.Sid == sid).ExecuteUpdateAsync(a => a
            .SetProperty(x => x.StoresOurs, x => x.StoresOurs + 1)
            .SetProperty(x => x.EmptySince, (DateTimeOffset?)null)
            .SetProperty(x => x.UpdatedAt, now), cancellationToken);
        tenant.AssignAccount(sid);
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
    /// Adds a shared subaccount unless <paramref name="minimumFreeSlots"/> are already free. One process at a time
    /// (a PostgreSQL lock), so many signups arriving together create exactly one.
    /// </summary>
    private async Task GrowAsync(int minimumFreeSlots, CancellationToken cancellationToken)
    {
        await using var growthLock = await locks.AcquireAsync(AdvisoryLockKey.PoolGrowth, cancellationToken);
        await EnsureParentAsync(cancellationToken);
        if (await FreeSlotsAsync(cancellationToken) >= minimumFreeSlots) return;

        var subaccounts = await SubaccountsBelowCeilingAsync("Every account is full", cancellationToken);
        // Numbered among the shared subaccounts alone: a dedicated one made in between must not change the name a
        // lost reply left behind, which the next attempt looks for.
        var number = await db.PoolAccounts.CountAsync(a => !a.IsParent && a.DedicatedTenantId == null, cancellationToken) + 1;
        await AddSubaccountAsync(_options.PooledSubaccountName(number), dedicatedTenantId: null, subaccounts, cancellationToken);
    }

    /// <summary>
    /// The dedicated tenant's open subaccount, created for it when it has none. Under the growth lock like every
    /// subaccount, so the ceiling counts it exactly and two runs never make two. Returns its SID.
    /// </summary>
    private async Task<string> EnsureDedicatedSubaccountAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        await using var growthLock = await locks.AcquireAsync(AdvisoryLockKey.PoolGrowth, cancellationToken);
        await EnsureParentAsync(cancellationToken);
        if (await DedicatedAccountOf(tenant.Id).Select(a => a.Sid).FirstOrDefaultAsync(cancellationToken) is { } existing) return existing;

        var subaccounts = await SubaccountsBelowCeilingAsync($"Dedicated tenant {tenant.ClientId} needs a subaccount of its own", cancellationToken);
        return await AddSubaccountAsync(_options.DedicatedSubaccountName(tenant.ClientId), tenant.Id, subaccounts, cancellationToken);
    }

    /// <summary>How many subaccounts the parent owns (closed ones do not count, §9), when it may own one more.</summary>
    /// <exception cref="PoolExhaustedException">At the ceiling; the message starts with <paramref name="need"/>.</exception>
    private async Task<int> SubaccountsBelowCeilingAsync(string need, CancellationToken cancellationToken)
    {
        var subaccounts = await db.PoolAccounts.CountAsync(a => !a.IsParent && a.Status != PoolAccountStatus.Closed, cancellationToken);
        if (subaccounts >= _twilio.MaxSubaccounts)
            throw new PoolExhaustedException(
                $"{need} and the parent owns {subaccounts} of at most {_twilio.MaxSubaccounts} subaccounts (Twilio:MaxSubaccounts).");
        return subaccounts;
    }

    /// <summary>
    /// Creates subaccount <paramref name="name"/> (or finds the one a lost reply left), makes the service's API key in
    /// it and adds it to the pool, shared or dedicated to <paramref name="dedicatedTenantId"/>. The caller holds the
    /// growth lock and counted the <paramref name="subaccounts"/> there were. Returns its SID.
    /// </summary>
    private async Task<string> AddSubaccountAsync(string name, Guid? dedicatedTenantId, int subaccounts, CancellationToken cancellationToken)
    {
        var index = await db.PoolAccounts.MaxAsync(a => a.PoolIndex, cancellationToken) + 1;
        var parent = _twilio.ParentCredentials;

        // A crash between Twilio's reply and our commit leaves a subaccount we do not know: find it by its name. Only
        // an active one (a closed subaccount keeps its name for 30 days) that is not in the pool already (a clientId
        // signed up again finds its earlier dedicated subaccount under the same name).
        var named = (await accountsClient.FindAccountsAsync(parent, name, "active", cancellationToken)).Where(a => a.Sid != parent.AccountSid).ToList();
        var namedSids = named.Select(a => a.Sid).ToList();
        var inPool = await db.PoolAccounts.Where(a => namedSids.Contains(a.Sid)).Select(a => a.Sid).ToListAsync(cancellationToken);
        var adopted = named.FirstOrDefault(a => !inPool.Contains(a.Sid));
        var subaccount = adopted ?? await accountsClient.CreateSubaccountAsync(parent, name, cancellationToken);
        var key = await accountsClient.CreateApiKeyAsync(parent, subaccount.Sid, _options.ApiKeyName, cancellationToken);

        var now = time.GetUtcNow();
        var account = new PoolAccount(subaccount.Sid, index, name, isParent: false, _twilio.StoreCapPerAccount, _twilio.ConfigurationCapPerAccount, now, dedicatedTenantId);
        account.SetCredentials(key.Sid, secrets.Protect(key.Secret ?? throw new InvalidOperationException("Twilio returned an API key without its secret.")), now);
        if (adopted is not null)
        {
            await RecordForeignResourcesAsync(account, new TwilioCredentials(subaccount.Sid, key.Sid, key.Secret), now, cancellationToken);
            // The attempt that created the subaccount may have made a key too, whose secret died with it: the key
            // housekeeping deletes every key of ours but this one.
            account.ScheduleRetiredKeysDeletion(now + _twilio.ConsistencyWindow);
        }
        db.PoolAccounts.Add(account);
        await db.SaveChangesAsync(CancellationToken.None);
        LogSubaccountAdded(logger, subaccount.Sid, name, adopted is not null);

        var nearCeiling = subaccounts + 1 >= _twilio.MaxSubaccounts * _options.CeilingWarningRatio;
        metrics.RecordSubaccountAdded(subaccounts + 1, _twilio.MaxSubaccounts, nearCeiling);
        if (nearCeiling)
            LogCeilingNear(logger, subaccounts + 1, _twilio.MaxSubaccounts);
        return subaccount.Sid;
    }

    /// <summary>
    /// Closes at Twilio (A4 <c>Status=closed</c>, final) a subaccount whose close was decided and saved
    /// (<see cref="PoolAccount.RequestClose"/>), and takes it out of the pool. Safe to run again after a crash: a
    /// subaccount Twilio already closed, or deleted since (30 days after its close), counts as closed.
    /// </summary>
    /// <exception cref="TwilioApiException">Twilio refused the close; the account stays in the pool, to be closed again.</exception>
    public async Task CloseSubaccountAsync(PoolAccount account, CancellationToken cancellationToken)
    {
        var parent = _twilio.ParentCredentials;
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
        metrics.RecordSubaccountClosed(await db.PoolAccounts.CountAsync(a => !a.IsParent && a.Status != PoolAccountStatus.Closed, cancellationToken));
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

    /// <summary>The parent joins the pool on first use, with the stores it already holds counted as foreign.</summary>
    private async Task EnsureParentAsync(CancellationToken cancellationToken)
    {
        if (await db.PoolAccounts.AnyAsync(a => a.IsParent, cancellationToken)) return;

        var parent = _twilio.ParentCredentials;
        var storeIds = await memory.ListAllStoreIdsAsync(parent, cancellationToken);
        // Tenants placed in the parent before it joined the pool (older versions placed every tenant there).
        var ourTenants = await db.Tenants.CountAsync(t => t.AccountSid == parent.AccountSid, cancellationToken);
        var now = time.GetUtcNow();
        var account = new PoolAccount(parent.AccountSid, poolIndex: 0, "parent", isParent: true, _twilio.StoreCapPerAccount, _twilio.ConfigurationCapPerAccount, now);
        account.AdoptExistingTenants(ourTenants, now);
        var overflow = await RecordForeignStoresAsync(account, storeIds, now, cancellationToken);
        var configurations = await conversations.ListAllConfigurationsAsync(parent, memoryStoreId: null, cancellationToken);
        account.RecordForeignConfigurations(await RememberForeignConfigurationsAsync(account.Sid, configurations, cancellationToken), now);
        db.PoolAccounts.Add(account);
        await db.SaveChangesAsync(CancellationToken.None);
        LogParentJoined(logger, parent.AccountSid, storeIds.Count, overflow);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Parent account {AccountSid} joined the pool holding {Stores} stores ({Overflow} beyond the cap)")]
    private static partial void LogParentJoined(ILogger logger, string accountSid, int stores, int overflow);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subaccount {AccountSid} ({FriendlyName}) joined the pool; adopted after a lost reply: {Adopted}")]
    private static partial void LogSubaccountAdded(ILogger logger, string accountSid, string friendlyName, bool adopted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountSid} refused a store at {Stores} stores ({Foreign} not ours): it is full; tenant {ClientId} moves to another account")]
    private static partial void LogCapSurprise(ILogger logger, string accountSid, int stores, int foreign, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountSid} refused a configuration at {Configurations} configurations ({Foreign} not ours): it is full; tenant {ClientId} moves to another account")]
    private static partial void LogConfigurationCapSurprise(ILogger logger, string accountSid, int configurations, int foreign, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The pool has {Subaccounts} of at most {MaxSubaccounts} subaccounts: raise Twilio's limit or add a parent account")]
    private static partial void LogCeilingNear(ILogger logger, int subaccounts, int maxSubaccounts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Account pool exhausted: {Reason}")]
    private static partial void LogCeilingReached(ILogger logger, string reason);
}
