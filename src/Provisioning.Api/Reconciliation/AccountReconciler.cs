using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Accounts;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Api.Infrastructure.Telemetry;
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
    IBackgroundJobClient jobs,
    ProvisioningMetrics metrics,
    TimeProvider time,
    IOptions<TwilioOptions> twilio,
    IOptions<ReconciliationOptions> options)
{
    private readonly ReconciliationOptions _options = options.Value;

    public async Task<int> ReconcileAsync(Guid runId, string accountSid, bool dryRun, CancellationToken cancellationToken)
    {
        var findings = new List<ReconciliationFinding>();
        var now = time.GetUtcNow();
        ReconciliationFinding Add(FindingKind kind, string? storeId, string? configurationId, string? clientId, string detail)
        {
            var finding = new ReconciliationFinding(runId, kind, accountSid, storeId, configurationId, clientId, detail, now);
            findings.Add(finding);
            return finding;
        }

        var account = await db.PoolAccounts.SingleAsync(a => a.Sid == accountSid, cancellationToken);
        var atTwilio = await accountsClient.FetchAccountAsync(twilio.Value.ParentCredentials, accountSid, cancellationToken);
        if (atTwilio is null)
        {
            Add(FindingKind.AccountMissing, null, null, null, $"Twilio does not know account {accountSid}.");
            return await SaveAsync(findings, dryRun, cancellationToken);
        }
        if (!string.Equals(atTwilio.Status, "active", StringComparison.OrdinalIgnoreCase))
        {
            var finding = Add(FindingKind.AccountSuspended, null, null, null, $"Twilio reports account {accountSid} {atTwilio.Status}.");
            if (Act(FindingKind.AccountSuspended, dryRun, finding))
            {
                account.Update(storeCapacity: null, acceptsTenants: false, now);
                finding.Action = "stopped placing tenants in the account";
            }
            return await SaveAsync(findings, dryRun, cancellationToken);
        }

        var credentials = await pool.GetCredentialsAsync(accountSid, cancellationToken);
        var storeIds = (await memory.ListAllStoreIdsAsync(credentials, cancellationToken)).ToHashSet(StringComparer.Ordinal);

        var tenants = await db.Tenants.Where(t => t.AccountSid == accountSid && t.Status != TenantStatus.Deleted).ToListAsync(cancellationToken);
        var retired = await db.RetiredStores.AsNoTracking().Where(r => r.AccountSid == accountSid && r.DeletedAt == null).ToListAsync(cancellationToken);
        var foreign = await db.KnownForeignStores.Where(f => f.AccountSid == accountSid).ToListAsync(cancellationToken);
        var tenantsByStore = tenants.Where(t => t.MemoryStoreId is not null).ToDictionary(t => t.MemoryStoreId!);
        // A store counted as foreign while its tenant's create was still in flight is ours after all.
        var misfiled = foreign.Where(f => tenantsByStore.ContainsKey(f.StoreId)).ToList();
        if (!dryRun) db.KnownForeignStores.RemoveRange(misfiled);
        foreign = foreign.Except(misfiled).ToList();
        var repairs = new HashSet<Tenant>();

        // Stores we recorded that Twilio no longer has.
        foreach (var tenant in tenants.Where(t => t.Status == TenantStatus.Ready && t.MemoryStoreId is not null && !storeIds.Contains(t.MemoryStoreId)))
        {
            var finding = Add(FindingKind.MissingStore, tenant.MemoryStoreId, tenant.OrchestratorConfigurationId, tenant.ClientId,
                $"Store {tenant.MemoryStoreId} of tenant {tenant.ClientId} is not at Twilio.");
            if (Act(FindingKind.MissingStore, dryRun, finding)) repairs.Add(tenant);
        }

        if (_options.VerifyKnownStores)
        {
            foreach (var tenant in tenants.Where(t => t.Status == TenantStatus.Ready && t.MemoryStoreId is not null && storeIds.Contains(t.MemoryStoreId)))
            {
                var store = await memory.FetchStoreAsync(credentials, tenant.MemoryStoreId!, cancellationToken);
                if (store is { IsActive: false })
                    Add(FindingKind.StoreNotActive, store.Id, null, tenant.ClientId, $"Store {store.Id} of tenant {tenant.ClientId} is {store.Status}.");
            }
        }

        // Stores we have never seen: fetch each once to learn its name.
        var known = tenantsByStore.Keys.Concat(retired.Select(r => r.StoreId)).Concat(foreign.Select(f => f.StoreId)).ToHashSet(StringComparer.Ordinal);
        foreach (var storeId in storeIds.Where(id => !known.Contains(id)).Order(StringComparer.Ordinal))
        {
            var store = await memory.FetchStoreAsync(credentials, storeId, cancellationToken);
            if (store is null) continue; // deleted meanwhile
            if (!store.DisplayName.StartsWith(Tenant.StoreNamePrefix, StringComparison.Ordinal))
            {
                var finding = Add(FindingKind.ForeignStore, store.Id, null, null, $"Store {store.Id} ({store.DisplayName}) was not made by this service; it counts against the cap.");
                if (Act(FindingKind.ForeignStore, dryRun, finding))
                {
                    db.KnownForeignStores.Add(new KnownForeignStore(store.Id, accountSid, store.DisplayName, now));
                    finding.Action = "recorded as foreign; counted against the cap";
                }
                continue;
            }

            await HandleOrphanAsync(store, accountSid, dryRun, Add, cancellationToken, credentials, repairs);
        }

        // Configurations, all pages (C2); the list holds store id and extraction setting, so nothing is fetched.
        var configurations = new Dictionary<string, Configuration>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await conversations.ListConfigurationsAsync(credentials, memoryStoreId: null, token, cancellationToken);
            foreach (var configuration in page.Configurations) configurations[configuration.Id] = configuration;
            token = page.NextToken;
        } while (!string.IsNullOrEmpty(token));

        foreach (var tenant in tenants.Where(t => t.Status == TenantStatus.Ready && t.OrchestratorConfigurationId is not null))
        {
            if (!configurations.TryGetValue(tenant.OrchestratorConfigurationId!, out var configuration))
            {
                var finding = Add(FindingKind.MissingConfiguration, tenant.MemoryStoreId, tenant.OrchestratorConfigurationId, tenant.ClientId,
                    $"Configuration {tenant.OrchestratorConfigurationId} of tenant {tenant.ClientId} is not at Twilio.");
                if (Act(FindingKind.MissingConfiguration, dryRun, finding)) repairs.Add(tenant);
            }
            else if (configuration.MemoryStoreId != tenant.MemoryStoreId || configuration.MemoryExtractionEnabled != tenant.Orchestrator.MemoryExtractionEnabled)
            {
                var finding = Add(FindingKind.ConfigurationLinkMismatch, configuration.MemoryStoreId, configuration.Id, tenant.ClientId,
                    $"Configuration {configuration.Id} references store {configuration.MemoryStoreId} with memoryExtractionEnabled={configuration.MemoryExtractionEnabled}; tenant {tenant.ClientId} has store {tenant.MemoryStoreId} and memoryExtractionEnabled={tenant.Orchestrator.MemoryExtractionEnabled}.");
                if (Act(FindingKind.ConfigurationLinkMismatch, dryRun, finding)) repairs.Add(tenant);
            }
        }

        // Slot counters against what is known to exist (foreign stores as known before this run).
        var expectedOurs = tenants.Count + retired.Count;
        var expectedForeign = foreign.Count(f => storeIds.Contains(f.StoreId));
        if (account.StoresOurs != expectedOurs || account.StoresForeign != expectedForeign)
        {
            var finding = Add(FindingKind.CapacityMismatch, null, null, null,
                $"Pool counts {account.StoresOurs} ours and {account.StoresForeign} foreign; expected {expectedOurs} ours and {expectedForeign} foreign.");
            if (Act(FindingKind.CapacityMismatch, dryRun, finding))
            {
                db.KnownForeignStores.RemoveRange(foreign.Where(f => !storeIds.Contains(f.StoreId)));
                account.CorrectCounts(expectedOurs, expectedForeign, now);
                finding.Action = "counters corrected";
            }
        }
        if (!dryRun)
        {
            // Newly recorded foreign stores count from now on (never past the cap: the account is then just full).
            var added = db.ChangeTracker.Entries<KnownForeignStore>().Count(e => e.State == EntityState.Added && e.Entity.AccountSid == accountSid);
            if (added > 0) account.RecordForeignStores(account.StoresForeign + added, now);
        }

        foreach (var tenant in repairs)
        {
            if (tenant.Status is not (TenantStatus.Ready or TenantStatus.Failed)) continue;
            tenant.RequestReprovision(ReprovisionMode.Repair, now);
            db.TenantEvents.Add(new TenantEvent(tenant.Id, tenant.ClientId, "reconciliation", "Reprovision:repair", $"Reconciliation run {runId}", TenantStatus.Ready, tenant.Status, now));
        }
        var count = await SaveAsync(findings, dryRun, cancellationToken);
        foreach (var tenant in repairs)
            jobs.Enqueue<TenantOnboardingSaga>(saga => saga.RunAsync(tenant.Id, CancellationToken.None));
        return count;
    }

    private async Task HandleOrphanAsync(MemoryStore store, string accountSid, bool dryRun,
        Func<FindingKind, string?, string?, string?, string, ReconciliationFinding> add, CancellationToken cancellationToken,
        TwilioCredentials credentials, HashSet<Tenant> repairs)
    {
        var clientId = store.DisplayName[Tenant.StoreNamePrefix.Length..];
        var owner = TenantRules.IsValidClientId(clientId)
            ? await db.Tenants.SingleOrDefaultAsync(t => t.ClientId == clientId && t.Status != TenantStatus.Deleted && t.AccountSid == accountSid, cancellationToken)
            : null;
        var finding = add(FindingKind.OrphanStore, store.Id, null, owner?.ClientId,
            owner is null
                ? $"Store {store.Id} ({store.DisplayName}) belongs to no tenant."
                : $"Store {store.Id} ({store.DisplayName}) is a second store for tenant {owner.ClientId} (its store is {owner.MemoryStoreId ?? "none"}).");
        var policy = _options.PolicyFor(FindingKind.OrphanStore);
        if (dryRun)
        {
            finding.Action = $"none (dry run; policy {policy})";
            return;
        }

        var ownerLacksStore = owner is not null && (owner.MemoryStoreId is null || repairs.Contains(owner));
        if (policy == FindingPolicy.Adopt && ownerLacksStore)
        {
            owner!.AdoptStore(store.Id, time.GetUtcNow());
            repairs.Add(owner);
            finding.Action = $"adopted by tenant {owner.ClientId}";
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

    /// <summary>Whether to act on a finding of this kind now; sets what the finding says was (or would be) done.</summary>
    private bool Act(FindingKind kind, bool dryRun, ReconciliationFinding finding)
    {
        var policy = _options.PolicyFor(kind);
        if (dryRun)
        {
            finding.Action = $"none (dry run; policy {policy})";
            return false;
        }
        if (policy != FindingPolicy.Repair) return false;
        finding.Action = kind is FindingKind.MissingStore or FindingKind.MissingConfiguration or FindingKind.ConfigurationLinkMismatch
            ? "repair enqueued"
            : "repaired";
        return true;
    }

    private async Task<int> SaveAsync(List<ReconciliationFinding> findings, bool dryRun, CancellationToken cancellationToken)
    {
        if (dryRun) db.ChangeTracker.Clear();
        db.ReconciliationFindings.AddRange(findings);
        foreach (var finding in findings) metrics.RecordFinding(finding.Kind.ToString());
        await db.SaveChangesAsync(cancellationToken);
        return findings.Count;
    }
}
