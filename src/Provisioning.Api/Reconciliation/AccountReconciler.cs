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
    AccountCredentials accountCredentials,
    SlotLedger slotLedger,
    AccountsClient accountsClient,
    MemoryClient memory,
    ConversationsClient conversations,
    TenantLeases tenantLeases,
    IServiceScopeFactory scopes,
    ProvisioningMetrics metrics,
    TimeProvider time,
    IOptions<AccountPoolOptions> poolOptions,
    IOptions<ReconciliationOptions> options)
{
    private const string Actor = "reconciliation";

    public async Task<int> ReconcileAsync(Guid runId, string accountSid, bool dryRun, CancellationToken cancellationToken)
    {
        var account = await db.PoolAccounts.SingleAsync(a => a.Sid == accountSid, cancellationToken);
        var check = new AccountCheck(runId, accountSid, IsCreatedByThisDeployment(account), dryRun, time.GetUtcNow(), options.Value);
        // The account's credentials are read from PostgreSQL while Twilio answers A3 (which uses the parent's).
        var reading = accountCredentials.GetCredentialsAsync(accountSid, cancellationToken);
        bool active;
        try
        {
            active = await CheckAccountIsActiveAsync(check, account, cancellationToken);
        }
        finally
        {
            // The context is free again before anything else uses it. A gone or suspended account's credentials do
            // not matter (nor does a failure to read them, observed here).
            await Task.WhenAny(reading);
            _ = reading.Exception;
        }
        if (active)
        {
            var credentials = await reading;
            var snapshot = await ReadSnapshotAsync(check, credentials, cancellationToken);
            CheckStoresExist(check, snapshot);
            await CheckStoresActiveAsync(check, snapshot, credentials, cancellationToken);
            await CheckUnknownStoresAsync(check, snapshot, credentials, cancellationToken);
            await CheckConfigurationsAsync(check, snapshot, credentials, cancellationToken);
            await CheckSlotCountsAsync(check, snapshot, account, cancellationToken);
            await RepairTenantsAsync(check, cancellationToken);
        }
        return await SaveAsync(check, cancellationToken);
    }

    /// <summary>A subaccount this deployment made (its name carries the deployment's prefix); never the parent.</summary>
    private bool IsCreatedByThisDeployment(PoolAccount account) =>
        !account.IsParent && account.FriendlyName.StartsWith(poolOptions.Value.SubaccountPrefix + "-", StringComparison.Ordinal);

    /// <summary>A3 with its parent's credentials: a missing or suspended account is all there is to check.</summary>
    private async Task<bool> CheckAccountIsActiveAsync(AccountCheck check, PoolAccount account, CancellationToken cancellationToken)
    {
        var atTwilio = await accountsClient.FetchAccountAsync(accountCredentials.ParentCredentialsOf(account), account.Sid, cancellationToken);
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
        // The tenants and the slot counters in one statement, so one committed state (see CheckSlotCountsAsync),
        // with how many retired and foreign stores there are: those lists, empty in nearly every account, are read
        // only when they are not. One statement for all three lists would return their product as rows.
        // Untracked: the foreign stores this run removes are attached as deleted when it does.
        var sid = check.AccountSid;
        var read = await db.PoolAccounts.AsNoTracking().Where(a => a.Sid == sid).Select(a => new
        {
            Tenants = db.LiveTenants().Where(t => t.AccountSid == sid).ToList(),
            RetiredCount = db.RetiredStores.Count(r => r.AccountSid == sid && r.DeletedAt == null),
            ForeignCount = db.KnownForeignStores.Count(f => f.AccountSid == sid),
            a.StoresOurs,
            a.StoresForeign,
        }).SingleAsync(cancellationToken);
        var tenants = read.Tenants;
        var retired = read.RetiredCount == 0 ? []
            : await db.RetiredStores.AsNoTracking().Where(r => r.AccountSid == sid && r.DeletedAt == null).ToListAsync(cancellationToken);
        var foreign = read.ForeignCount == 0 ? [] : await db.KnownForeignStores.AsNoTracking().Where(f => f.AccountSid == sid).ToListAsync(cancellationToken);
        var known = await KnownStoreIdsAsync(storeIds, tenants, retired, foreign, cancellationToken);
        var snapshot = new AccountSnapshot(storeIds, tenants, retired, foreign, known, read.StoresOurs, read.RetiredCount, read.StoresForeign);
        // A store counted as foreign while its tenant's create was still in flight is ours after all.
        var misfiled = foreign.Where(f => snapshot.TenantsByStore.ContainsKey(f.StoreId)).ToList();
        if (!check.DryRun) db.KnownForeignStores.RemoveRange(misfiled);
        foreign.RemoveAll(misfiled.Contains);
        return snapshot;
    }

    /// <summary>
    /// Which listed stores the database knows. The account's own tenants, retired stores and foreign stores, just
    /// read, explain nearly all of them; only the rest (a store of a deleted tenant, say) needs the query over every
    /// account, so a steady account costs no query here. Whatever the snapshot explains, that query would return too.
    /// </summary>
    private async Task<HashSet<string>> KnownStoreIdsAsync(HashSet<string> storeIds, List<Tenant> tenants, List<RetiredStore> retired, List<KnownForeignStore> foreign,
        CancellationToken cancellationToken)
    {
        var known = tenants.Where(t => t.MemoryStoreId is not null).Select(t => t.MemoryStoreId!)
            .Concat(retired.Select(r => r.StoreId)).Concat(foreign.Select(f => f.StoreId))
            .Where(storeIds.Contains).ToHashSet(StringComparer.Ordinal);
        var unexplained = storeIds.Where(id => !known.Contains(id)).ToList();
        if (unexplained.Count > 0) known.UnionWith((await KnownStores.AmongAsync(db, unexplained, cancellationToken)).Select(k => k.StoreId));
        return known;
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
        if (policy is not (FindingPolicy.Adopt or FindingPolicy.Delete)) return;
        finding.Action = await ActOnOrphanAsync(check, snapshot, finding, store, clientId, policy, credentials, cancellationToken);
    }

    /// <summary>
    /// Adopts or deletes an orphan on facts read now, not on the snapshot (minutes old in a large account): the
    /// store fetched again, and its tenant, if any, read again while its lock keeps its sagas out. A store that
    /// became known meanwhile (a tenant mid-onboarding recorded it, a recreate retired it) is left alone, and so
    /// is any store of a tenant that has none recorded: its onboarding finds its own store by name.
    /// </summary>
    private async Task<string> ActOnOrphanAsync(AccountCheck check, AccountSnapshot snapshot, ReconciliationFinding finding, MemoryStore store, string clientId, FindingPolicy policy,
        TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var ownerId = await db.LiveTenants().Where(t => t.ClientId == clientId).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(cancellationToken);
        await using var held = ownerId is { } id ? await tenantLeases.TryHoldAsync(id, "reconciliation", cancellationToken) : null;
        if (ownerId is not null && held is null) return $"left alone: tenant {clientId} is being provisioned; the next run looks again";

        var owner = ownerId is { } heldId ? await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == heldId, cancellationToken) : null;
        if ((await KnownStores.AmongAsync(db, [store.Id], cancellationToken)).Count > 0) return "left alone: recorded by a tenant meanwhile";
        var current = await memory.FetchStoreAsync(credentials, store.Id, cancellationToken);
        if (current is null) return "none: gone from Twilio meanwhile";
        if (current.DisplayName != store.DisplayName) return $"left alone: renamed to {current.DisplayName} meanwhile";

        if (owner is null)
            return policy == FindingPolicy.Delete ? await DeleteOrphanAsync(store, credentials, cancellationToken) : "not adopted: no tenant of that name";
        if (owner.MemoryStoreId is null)
        {
            if (policy != FindingPolicy.Adopt || owner.AccountSid != check.AccountSid)
                return $"left alone: tenant {owner.ClientId} has no store recorded; its onboarding finds its own store by name";
            check.RequestRepair(owner.Id, finding, new StoreAdoption(store.Id, ReplacingStoreId: null));
            return $"adopted by tenant {owner.ClientId}";
        }
        if (policy == FindingPolicy.Delete) return await DeleteOrphanAsync(store, credentials, cancellationToken);
        // A tenant whose recorded store Twilio no longer holds (looked up now, not as listed at the start) takes this one.
        if (owner.AccountSid == check.AccountSid && !snapshot.StoreIds.Contains(owner.MemoryStoreId)
            && await memory.FetchStoreAsync(credentials, owner.MemoryStoreId, cancellationToken) is null)
        {
            check.RequestRepair(owner.Id, finding, new StoreAdoption(store.Id, ReplacingStoreId: owner.MemoryStoreId));
            return $"adopted by tenant {owner.ClientId}";
        }
        return $"not adopted: tenant {owner.ClientId} has store {owner.MemoryStoreId}";
    }

    private async Task<string> DeleteOrphanAsync(MemoryStore store, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        try
        {
            await memory.DeleteStoreAsync(credentials, store.Id, cancellationToken);
            return "deleted";
        }
        catch (TwilioApiException e)
        {
            return $"delete refused: {e.Message}";
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

    /// <summary>
    /// Slot counters against what is known to exist (foreign stores as known before this run). Signups reserve
    /// slots while the run reads Twilio, so a correction counts ours afresh with the slot lock held, and writes
    /// before the lock is released: no reservation made during the run is lost.
    /// </summary>
    private async Task CheckSlotCountsAsync(AccountCheck check, AccountSnapshot snapshot, PoolAccount account, CancellationToken cancellationToken)
    {
        var expectedForeign = snapshot.Foreign.Count(f => snapshot.StoreIds.Contains(f.StoreId));
        if (check.DryRun)
        {
            CompareSlotCounts(check, snapshot, account, snapshot.Tenants.Count + snapshot.Retired.Count, expectedForeign);
            return;
        }

        // Nearly every account needs no correction, and the slot lock is the one every signup takes: an account whose
        // counters agree with the snapshot (one statement, so one committed state) and that has nothing to save
        // skips it, instead of the run queueing on it account after account. Any disagreement is counted afresh
        // under the lock, as before, and only corrected there.
        if (!db.ChangeTracker.HasChanges() && snapshot.CountersAgree(expectedForeign)) return;

        await slotLedger.UnderSlotLockAsync(async () =>
        {
            await db.Entry(account).ReloadAsync(cancellationToken);
            var expectedOurs = await db.LiveTenants().CountAsync(t => t.AccountSid == check.AccountSid, cancellationToken)
                               + await db.RetiredStores.CountAsync(r => r.AccountSid == check.AccountSid && r.DeletedAt == null, cancellationToken);
            CompareSlotCounts(check, snapshot, account, expectedOurs, expectedForeign);
            // Newly recorded foreign stores count from now on (never past the cap: the account is then just full).
            var added = db.ChangeTracker.Entries<KnownForeignStore>().Count(e => e.State == EntityState.Added && e.Entity.AccountSid == check.AccountSid);
            if (added > 0) account.RecordForeignStores(account.StoresForeign + added, check.Now);
            return await db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
    }

    private void CompareSlotCounts(AccountCheck check, AccountSnapshot snapshot, PoolAccount account, int expectedOurs, int expectedForeign)
    {
        if (account.StoresOurs == expectedOurs && account.StoresForeign == expectedForeign) return;
        var finding = check.Add(FindingKind.CapacityMismatch, null, null, null,
            $"Pool counts {account.StoresOurs} ours and {account.StoresForeign} foreign; expected {expectedOurs} ours and {expectedForeign} foreign.");
        if (!check.ShouldRepair(finding, "counters corrected")) return;
        db.KnownForeignStores.RemoveRange(snapshot.Foreign.Where(f => !snapshot.StoreIds.Contains(f.StoreId)));
        account.CorrectCounts(expectedOurs, expectedForeign, check.Now);
    }

    /// <summary>
    /// Each repair through the admin operations, in a scope of its own: the tenant is read afresh and decides
    /// whether it may be repaired now (one that has started provisioning since the snapshot is left alone).
    /// </summary>
    private async Task RepairTenantsAsync(AccountCheck check, CancellationToken cancellationToken)
    {
        foreach (var (tenantId, (adoption, findings)) in check.Repairs)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<TenantAdministration>()
                    .RepairAsync(tenantId, adoption, $"Reconciliation run {check.RunId}", Actor, cancellationToken);
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
