using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Api.Reconciliation;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Accounts;

/// <summary>
/// The stores and configurations in an account that were made outside the service: recorded (known foreign stores and
/// configurations, so reconciliation need not fetch them again) and counted against the account's caps.
/// </summary>
public sealed partial class ForeignResources(
    ProvisioningDbContext db,
    UnitOfWork unitOfWork,
    MemoryClient memory,
    ConversationsClient conversations,
    TimeProvider time,
    ILogger<ForeignResources> logger)
{
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
    /// What a parent joining the pool already holds, recorded as foreign like <see cref="RecordForeignResourcesAsync"/>
    /// (the caller saves). Returns how many stores it holds and how many of them are beyond its capacity.
    /// </summary>
    public async Task<(int Stores, int Overflow)> RecordJoiningParentAsync(PoolAccount account, TwilioCredentials credentials, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var storeIds = await memory.ListAllStoreIdsAsync(credentials, cancellationToken);
        var overflow = account.RecordForeignStores(await RememberForeignStoresAsync(account.Sid, storeIds, cancellationToken), now);
        var configurations = await conversations.ListAllConfigurationsAsync(credentials, memoryStoreId: null, cancellationToken);
        account.RecordForeignConfigurations(await RememberForeignConfigurationsAsync(account.Sid, configurations, cancellationToken), now);
        return (storeIds.Count, overflow);
    }

    /// <summary>
    /// After Twilio refused a store create in <paramref name="accountSid"/>: counts its stores (M2; Twilio documents no
    /// error for the store cap). At the cap, the ones that are not ours are recorded (the caller saves) and the count is
    /// returned with theirs; null when the cap is not the reason.
    /// </summary>
    public async Task<(int Stores, int Foreign)?> StoresAtCapAsync(string accountSid, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var capacity = await db.PoolAccounts.Where(a => a.Sid == accountSid).Select(a => a.StoreCapacity).SingleAsync(cancellationToken);
        var storeIds = await memory.ListAllStoreIdsAsync(credentials, cancellationToken);
        if (storeIds.Count < capacity) return null;
        return (storeIds.Count, await RememberForeignStoresAsync(accountSid, storeIds, cancellationToken));
    }

    /// <summary>
    /// After Twilio said the account is full (520044, §12 P2), whatever the count: its stores (M2), the ones that are not
    /// ours recorded (the caller saves), and how many of each.
    /// </summary>
    public async Task<(int Stores, int Foreign)> CountStoresAsync(string accountSid, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var storeIds = await memory.ListAllStoreIdsAsync(credentials, cancellationToken);
        return (storeIds.Count, await RememberForeignStoresAsync(accountSid, storeIds, cancellationToken));
    }

    /// <summary>
    /// Twilio refused a configuration create in the tenant's account. No error is documented for the cap (L1), so
    /// count the account's configurations (C2): at the cap, the ones that are not ours are recorded as foreign (the
    /// caller saves) and their count is returned, for <see cref="StageForeignConfigurationsAsync"/> (the caller moves
    /// the tenant, without leaving its store behind). Null when the cap is not the reason.
    /// </summary>
    public async Task<int?> ForeignConfigurationsAtCapAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var sid = tenant.AccountSid!;
        var capacity = await db.PoolAccounts.Where(a => a.Sid == sid).Select(a => a.ConfigurationCapacity).SingleAsync(cancellationToken);
        var configurations = await conversations.ListAllConfigurationsAsync(credentials, memoryStoreId: null, cancellationToken);
        if (configurations.Count < capacity) return null;

        var foreign = await RememberForeignConfigurationsAsync(sid, configurations, cancellationToken);
        LogConfigurationCapSurprise(logger, sid, configurations.Count, foreign, tenant.ClientId);
        return foreign;
    }

    /// <summary>
    /// Stages the account's count of foreign configurations, inside the caller's <see cref="UnitOfWork"/> (refused
    /// outside one); the caller saves what else it changed and commits.
    /// </summary>
    public async Task StageForeignConfigurationsAsync(string accountSid, int foreign, CancellationToken cancellationToken)
    {
        unitOfWork.EnsureInTransaction();
        await db.PoolAccounts.Where(a => a.Sid == accountSid).ExecuteUpdateAsync(a => a
            .SetProperty(x => x.ConfigurationsForeign, foreign)
            .SetProperty(x => x.UpdatedAt, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>Records which of an account's stores are not ours (so reconciliation need not fetch them) and counts them.</summary>
    private async Task<int> RememberForeignStoresAsync(string accountSid, IReadOnlyCollection<string> storeIds, CancellationToken cancellationToken)
    {
        var known = await KnownStores.AmongAsync(db, storeIds, cancellationToken);
        var now = time.GetUtcNow();
        var fresh = storeIds.Except(known.Select(k => k.StoreId)).ToList();
        db.KnownForeignStores.AddRange(fresh.Select(id => new KnownForeignStore(id, accountSid, null, now)));
        return known.Count(k => k.IsForeign) + fresh.Count;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountSid} refused a configuration at {Configurations} configurations ({Foreign} not ours): it is full; tenant {ClientId} moves to another account")]
    private static partial void LogConfigurationCapSurprise(ILogger logger, string accountSid, int configurations, int foreign, string clientId);
}
