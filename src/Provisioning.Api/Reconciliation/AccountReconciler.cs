using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Data;
using Provisioning.Api.Accounts;
using Provisioning.Api.Infrastructure.Domain;
using Provisioning.Api.Infrastructure.Telemetry;
using Provisioning.Api.Onboarding;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Reconciliation;

/// <summary>
/// Compares one account at Twilio with what PostgreSQL says about it, records each difference as a finding,
/// and (unless the run is dry) acts on it by policy. Twilio calls: the account (A3), one per page of store ids
/// (M2) and of configurations (C2), and one per store the service does not already know (M3).
/// </summary>
public sealed class AccountReconciler(
    ProvisioningDbContext db,
    AccountPool pool,
    AccountsClient accountsClient,
    MemoryClient memory,
    ConversationsClient conversations,
    IServiceScopeFactory scopes,
    ProvisioningMetrics metrics,
    TimeProvider time,
    IOptions<TwilioOptions> twilio,
    IOptions<ReconciliationOptions> options)
{
    private const string Actor = "reconciliation";

    public async Task<int> ReconcileAsync(Guid runId, string accountSid, bool dryRun, CancellationToken cancellationToken)
    {
        var check = new AccountCheck(runId, accountSid, dryRun, time.GetUtcNow(), options.Value);
        var account = await db.PoolAccounts.SingleAsync(a => a.Sid == accountSid, cancellationToken);
        if (await CheckAccountIsActiveAsync(check, account, cancellationToken))
        {
            var credentials = await pool.GetCredentialsAsync(accountSid, cancellationToken);
            var snapshot = await ReadSnapshotAsync(check, credentials, cancellationToken);
            CheckStoresExist(check, snapshot);
            await CheckStoresActiveAsync(check, snapshot, credentials, cancellationToken);
            await CheckUnknownStoresAsync(check, snapshot, credentials, cancellationToken);
            await CheckConfigurationsAsync(check, snapshot, credentials, cancellationToken);
            CheckSlotCounts(check, snapshot, account);
            await RepairTenantsAsync(check, cancellationToken);
        }
        return await SaveAsync(check, cancellationToken);
    }

    /// <summary>A3 with the parent's credentials: a missing or suspended account is all there is to check.</summary>
    private async Task<bool> CheckAccountIsActiveAsync(AccountCheck check, PoolAccount account, CancellationToken cancellationToken)
    {
        var atTwilio = await accountsClient.FetchAccountAsync(twilio.Value.ParentCredentials, account.Sid, cancellationToken);
        if (atTwilio is null)
        {
            check.Add(FindingKind.AccountMissing, null, null, null, $"Twilio does not know account {account.Sid}.");
            return false;
        }
        if (string.Equals(atTwilio.Status, "active", StringComparison.OrdinalIgnoreCase)) return true;

        var finding = check.Add(FindingKind.AccountSuspended, null, null, null, $"Twilio reports account {account.Sid} {atTwilio.Status}.");
        if (check.ShouldRepair(finding, "stopped placing tenants in the account"))
            account.Update(storeCapacity: null, configurationCapacity: null, acceptsTenants: false, check.Now);
        return false;
    }

    private async Task<AccountSnapshot> ReadSnapshotAsync(AccountCheck check, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var storeIds = (await memory.ListAllStoreIdsAsync(credentials, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var tenants = await db.LiveTenants().AsNoTracking().Where(t => t.AccountSid == check.AccountSid).ToListAsync(cancellationToken);
        var retired = await db.RetiredStores.AsNoTracking().Where(r => r.AccountSid == check.AccountSid && r.DeletedAt == null).ToListAsync(cancellationToken);
        var foreign = await db.KnownForeignStores.Where(f => f.AccountSid == check.AccountSid).ToListAsync(cancellationToken);
        var known = (await KnownStores.AmongAsync(db, storeIds, cancellationToken)).Select(k => k.StoreId).ToHashSet(StringComparer.Ordinal);

        var snapshot = new AccountSnapshot(storeIds, tenants, retired, foreign, known);
        // A store counted as foreign while its tenant's create was still in flight is ours after all.
        var misfiled = foreign.Where(f => snapshot.TenantsByStore.ContainsKey(f.StoreId)).ToList();
        if (!check.DryRun) db.KnownForeignStores.RemoveRange(misfiled);
        foreign.RemoveAll(misfiled.Contains);
        return snapshot;
    }

    /// <summary>Stores we recorded that Twilio no longer lists.</summary>
    private static void CheckStoresExist(AccountCheck check, AccountSnapshot snapshot)
    {
        foreach (var tenant in snapshot.TenantsExpectedAtTwilio.Where(t => !snapshot.StoreIds.Contains(t.MemoryStoreId!)))
        {
            var finding = check.Add(FindingKind.MissingStore, tenant.MemoryStoreId, tenant.OrchestratorConfigurationId, tenant.ClientId,
                $"Store {tenant.MemoryStoreId} of tenant {tenant.ClientId} is not at Twilio.");
            if (check.ShouldRepair(finding, "repair enqueued")) check.RequestRepair(tenant.Id, finding);
        }
    }

    /// <summary>M3 per listed store of a tenant, only with Reconciliation:VerifyKnownStores (it costs a call per tenant).</summary>
    private async Task CheckStoresActiveAsync(AccountCheck check, AccountSnapshot snapshot, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        if (!options.Value.VerifyKnownStores) return;
        foreach (var tenant in snapshot.TenantsExpectedAtTwilio.Where(t => snapshot.StoreIds.Contains(t.MemoryStoreId!)))
        {
            var store = await memory.FetchStoreAsync(credentials, tenant.MemoryStoreId!, cancellationToken);
            if (store is { IsActive: false })
                check.Add(FindingKind.StoreNotActive, store.Id, null, tenant.ClientId, $"Store {store.Id} of tenant {tenant.ClientId} is {store.Status}.");
        }
    }

    /// <summary>Stores the database does not know: fetch each once to learn its name; foreign, or an orphan of ours.</summary>
    private async Task CheckUnknownStoresAsync(AccountCheck check, AccountSnapshot snapshot, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        foreach (var storeId in snapshot.StoreIds.Where(id => !snapshot.KnownStoreIds.Contains(id)).Order(StringComparer.Ordinal))
        {
            var store = await memory.FetchStoreAsync(credentials, storeId, cancellationToken);
            if (store is null) continue; // deleted meanwhile
            if (store.DisplayName.StartsWith(Tenant.StoreNamePrefix, StringComparison.Ordinal))
            {
                await CheckOrphanAsync(check, snapshot, store, credentials, cancellationToken);
                continue;
            }

            var finding = check.Add(FindingKind.ForeignStore, store.Id, null, null, $"Store {store.Id} ({store.DisplayName}) was not made by this service; it counts against the cap.");
            if (check.ShouldRepair(finding, "recorded as foreign; counted against the cap"))
                db.KnownForeignStores.Add(new KnownForeignStore(store.Id, check.AccountSid, store.DisplayName, check.Now));
        }
    }

    private async Task CheckOrphanAsync(AccountCheck check, AccountSnapshot snapshot, MemoryStore store, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var clientId = store.DisplayName[Tenant.StoreNamePrefix.Length..];
        var owner = snapshot.Tenants.SingleOrDefault(t => t.ClientId == clientId);
        var finding = check.Add(FindingKind.OrphanStore, store.Id, null, owner?.ClientId,
            owner is null
                ? $"Store {store.Id} ({store.DisplayName}) belongs to no tenant."
                : $"Store {store.Id} ({store.DisplayName}) is a second store for tenant {owner.ClientId} (its store is {owner.MemoryStoreId ?? "none"}).");
        var policy = check.PolicyFor(FindingKind.OrphanStore);
        if (check.DryRun)
        {
            finding.Action = $"none (dry run; policy {policy})";
            return;
        }

        // Adopted only by a tenant that has no store, or whose store Twilio has lost; the tenant decides whether it may.
        var ownerLacksStore = owner is not null && (owner.MemoryStoreId is null || check.Repairs.ContainsKey(owner.Id));
        if (policy == FindingPolicy.Adopt && ownerLacksStore)
        {
            finding.Action = $"adopted by tenant {owner!.ClientId}";
            check.RequestRepair(owner.Id, finding, adoptStoreId: store.Id);
        }
        else if (policy == FindingPolicy.Delete)
        {
            try
            {
                await memory.DeleteStoreAsync(credentials, store.Id, cancellationToken);
                finding.Action = "deleted";
            }
            catch (TwilioApiException e)
            {
                finding.Action = $"delete refused: {e.Message}";
            }
        }
    }

    /// <summary>C2, every page: the list carries store id and extraction flag, so nothing is fetched.</summary>
    private async Task CheckConfigurationsAsync(AccountCheck check, AccountSnapshot snapshot, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var configurations = (await conversations.ListAllConfigurationsAsync(credentials, memoryStoreId: null, cancellationToken))
            .ToDictionary(c => c.Id, StringComparer.Ordinal);
        foreach (var tenant in snapshot.TenantsExpectedAtTwilio.Where(t => t.OrchestratorConfigurationId is not null))
        {
            if (!configurations.TryGetValue(tenant.OrchestratorConfigurationId!, out var configuration))
            {
                var finding = check.Add(FindingKind.MissingConfiguration, tenant.MemoryStoreId, tenant.OrchestratorConfigurationId, tenant.ClientId,
                    $"Configuration {tenant.OrchestratorConfigurationId} of tenant {tenant.ClientId} is not at Twilio.");
                if (check.ShouldRepair(finding, "repair enqueued")) check.RequestRepair(tenant.Id, finding);
            }
            else if (configuration.MemoryStoreId != tenant.MemoryStoreId || configuration.MemoryExtractionEnabled != tenant.Orchestrator.MemoryExtractionEnabled)
            {
                var finding = check.Add(FindingKind.ConfigurationLinkMismatch, configuration.MemoryStoreId, configuration.Id, tenant.ClientId,
                    $"Configuration {configuration.Id} references store {configuration.MemoryStoreId} with memoryExtractionEnabled={configuration.MemoryExtractionEnabled}; tenant {tenant.ClientId} has store {tenant.MemoryStoreId} and memoryExtractionEnabled={tenant.Orchestrator.MemoryExtractionEnabled}.");
                if (check.ShouldRepair(finding, "repair enqueued")) check.RequestRepair(tenant.Id, finding);
            }
            else if (tenant.AppliedOrchestrator is { } applied && TenantConfigurationDocument.Drifts(configuration, applied))
            {
                var finding = check.Add(FindingKind.ConfigurationDrift, configuration.MemoryStoreId, configuration.Id, tenant.ClientId,
                    $"Configuration {configuration.Id} of tenant {tenant.ClientId} has channel settings or status callbacks other than the tenant's (revision {tenant.AppliedSettingsRevision}).");
                if (check.ShouldRepair(finding, "repair enqueued: the tenant's settings are put back, the rest kept")) check.RequestRepair(tenant.Id, finding);
            }
        }
    }

    /// <summary>Slot counters against what is known to exist (foreign stores as known before this run).</summary>
    private void CheckSlotCounts(AccountCheck check, AccountSnapshot snapshot, PoolAccount account)
    {
        var expectedOurs = snapshot.Tenants.Count + snapshot.Retired.Count;
        var expectedForeign = snapshot.Foreign.Count(f => snapshot.StoreIds.Contains(f.StoreId));
        if (account.StoresOurs != expectedOurs || account.StoresForeign != expectedForeign)
        {
            var finding = check.Add(FindingKind.CapacityMismatch, null, null, null,
                $"Pool counts {account.StoresOurs} ours and {account.StoresForeign} foreign; expected {expectedOurs} ours and {expectedForeign} foreign.");
            if (check.ShouldRepair(finding, "counters corrected"))
            {
                db.KnownForeignStores.RemoveRange(snapshot.Foreign.Where(f => !snapshot.StoreIds.Contains(f.StoreId)));
                account.CorrectCounts(expectedOurs, expectedForeign, check.Now);
            }
        }
        if (check.DryRun) return;
        // Newly recorded foreign stores count from now on (never past the cap: the account is then just full).
        var added = db.ChangeTracker.Entries<KnownForeignStore>().Count(e => e.State == EntityState.Added && e.Entity.AccountSid == check.AccountSid);
        if (added > 0) account.RecordForeignStores(account.StoresForeign + added, check.Now);
    }

    /// <summary>
    /// Each repair through the admin operations, in a scope of its own: the tenant is read afresh and decides
    /// whether it may be repaired now (one that has started provisioning since the snapshot is left alone).
    /// </summary>
    private async Task RepairTenantsAsync(AccountCheck check, CancellationToken cancellationToken)
    {
        foreach (var (tenantId, (adoptStoreId, findings)) in check.Repairs)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<TenantAdministration>()
                    .RepairAsync(tenantId, adoptStoreId, $"Reconciliation run {check.RunId}", Actor, cancellationToken);
            }
            catch (ConflictException e)
            {
                foreach (var finding in findings) finding.Action = $"not repaired: {e.Message}";
            }
            catch (DbUpdateConcurrencyException)
            {
                foreach (var finding in findings) finding.Action = "not repaired: the tenant changed meanwhile; the next run looks again";
            }
        }
    }

    private async Task<int> SaveAsync(AccountCheck check, CancellationToken cancellationToken)
    {
        if (check.DryRun) db.ChangeTracker.Clear();
        db.ReconciliationFindings.AddRange(check.Findings);
        foreach (var finding in check.Findings) metrics.RecordFinding(finding.Kind.ToString());
        await db.SaveChangesAsync(cancellationToken);
        return check.Findings.Count;
    }
}
