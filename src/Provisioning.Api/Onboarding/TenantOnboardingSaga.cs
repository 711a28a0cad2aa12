using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Data;
using Provisioning.Api.Accounts;
using Provisioning.Api.Infrastructure.Telemetry;
using Provisioning.Api.Offboarding;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Onboarding;

/// <summary>
/// Takes one tenant from signup to Ready:
/// <list type="number">
/// <item>find the tenant's Memory Store <c>client-&lt;clientId&gt;</c> in its account, or create it (M2, M3, M1);</item>
/// <item>poll the create operation for the store id (M6) and record it;</item>
/// <item>fetch the store until Twilio reports it ACTIVE (M3);</item>
/// <item>only then create the Conversation Orchestrator configuration that references the store (C1) and
/// poll its operation (C7): the reverse order silently breaks memory extraction.</item>
/// </list>
/// Every step first checks what an earlier run already recorded, and progress is saved before and after each
/// Twilio call, so a run may die anywhere and the next one resumes without a second store or configuration.
/// </summary>
public sealed partial class TenantOnboardingSaga(
    ProvisioningDbContext db,
    TenantCheckpoint checkpoint,
    SlotLedger slotLedger,
    AccountCredentials accountCredentials,
    ForeignResources foreignResources,
    StoreDeletion storeDeletion,
    MemoryClient memory,
    ConversationsClient conversations,
    OperationPoller poller,
    TenantResourceLookup lookup,
    ProvisioningMetrics metrics,
    TimeProvider time,
    IOptions<TwilioOptions> twilioOptions,
    IOptions<ProvisioningOptions> provisioningOptions,
    IOptions<AccountPoolOptions> poolOptions,
    ILogger<TenantOnboardingSaga> logger) : ITenantWork
{
    private readonly AccountPoolOptions _poolOptions = poolOptions.Value;
    private readonly ProvisioningOptions _options = provisioningOptions.Value;
    private readonly TimeSpan _consistencyWindow = twilioOptions.Value.ConsistencyWindow;

    public bool Handles(TenantStatus status) => status is TenantStatus.Pending or TenantStatus.Provisioning or TenantStatus.Ready;

    /// <summary>
    /// One run, while the runner holds the tenant's lease. Twilio's failures are answered here (the run says when to
    /// try again, or the tenant is Failed); failures of our own infrastructure (the database unreachable mid-run)
    /// propagate, and the runner makes the tenant due again shortly.
    /// </summary>
    public async Task<RunOutcome> RunAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null || !tenant.BeginOnboardingRun()) return RunOutcome.Done;

        using var _ = logger.BeginScope(new Dictionary<string, object> { ["ClientId"] = tenant.ClientId, ["TenantId"] = tenant.Id });
        await SaveProgressAsync(tenant);

        try
        {
            await ProvisionCountingCallsAsync(tenant, cancellationToken);

            var firstReady = tenant.ReadyAt is null;
            if (tenant.FinishOnboardingRun(time.GetUtcNow()))
            {
                if (firstReady) metrics.RecordSignupToReady(tenant.ReadyAt!.Value - tenant.CreatedAt);
                LogReady(logger, tenant.ClientId, tenant.MemoryStoreId!, tenant.OrchestratorConfigurationId!);
            }
            await SaveProgressAsync(tenant);
            return RunOutcome.Done;
        }
        catch (PoolExhaustedException e)
        {
            // Not a failure of this tenant: it waits, Pending with the reason, and looks again later.
            tenant.WaitForCapacity(e.Message);
            await SaveProgressAsync(tenant);
            return RunOutcome.RunAgainAt(time.GetUtcNow() + _poolOptions.CapacityRetryInterval);
        }
        catch (TwilioApiException e) when (e.IsThrottled)
        {
            // Throttling slows the service down; it never fails a tenant.
            tenant.RecordThrottled(e.Message);
            await SaveProgressAsync(tenant);
            return RunOutcome.RunAgainAt(time.GetUtcNow() + RetryDelay(1, e.RetryAfter));
        }
        catch (TwilioApiException e) when (e.IsTransient)
        {
            return await RetryLaterOrFailAsync(tenant, e.Message, e.RetryAfter);
        }
        catch (ProvisioningStepException e) when (e.Transient)
        {
            return await RetryLaterOrFailAsync(tenant, e.Message, retryAfter: null);
        }
        catch (Exception e) when (e is TwilioApiException or ProvisioningStepException)
        {
            // Validation and auth errors cannot succeed on retry: stop now and say why.
            tenant.MarkFailed(e.Message);
            await SaveProgressAsync(tenant);
            LogFailed(logger, tenant.ClientId, e.Message);
            return RunOutcome.Done;
        }
    }

    private const int MaxPlacementsPerRun = 3;

    /// <summary>
    /// Runs the steps, placing the tenant again when its account turns out to be full, and adds the Twilio calls
    /// they made to the tenant's count however they end: every way out of <see cref="RunAsync"/> saves the tenant.
    /// </summary>
    private async Task ProvisionCountingCallsAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var calls = TwilioCallCounter.Begin();
        try
        {
            for (var placement = 1; ; placement++)
            {
                try
                {
                    await ProvisionAsync(tenant, cancellationToken);
                    return;
                }
                catch (AccountFullException) when (placement < MaxPlacementsPerRun)
                {
                    // The account was full after all (stores made outside the service): the tenant gave its slot
                    // back and is placed again, in the same run.
                }
            }
        }
        finally
        {
            tenant.RecordTwilioCalls(calls.Calls);
        }
    }

    private async Task ProvisionAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        // 0. A slot in one account before any store exists; the tenant keeps that account on every retry.
        await slotLedger.ReserveSlotAsync(tenant, cancellationToken);
        using var _ = logger.BeginScope(new Dictionary<string, object> { ["AccountSid"] = tenant.AccountSid! });
        var credentials = await accountCredentials.GetCredentialsAsync(tenant.AccountSid!, cancellationToken);

        // An admin's repair: trust no recorded id until Twilio confirms it; forget what is gone.
        if (tenant.PendingReprovision == ReprovisionMode.Repair)
            await CheckRecordedResourcesAsync(tenant, credentials, cancellationToken);
        // An admin's recreate: the old store gives up the tenant's store name before the new store takes it.
        await RenameRetiredStoresAsync(tenant, credentials, cancellationToken);

        await EnsureStoreIdAsync(tenant, credentials, cancellationToken);
        await WaitUntilStoreActiveAsync(tenant, credentials, cancellationToken);
        await EnsureConfigurationRequestedAsync(tenant, credentials, cancellationToken);
        await WaitUntilConfigurationCompletedAsync(tenant, credentials, cancellationToken);

        // After a recreate, a repair or a settings change: the configuration is replaced (store, settings), then
        // the old store retires.
        await EnsureConfigurationUpToDateAsync(tenant, credentials, cancellationToken);
        await DeleteRetiredStoresAsync(tenant, credentials, cancellationToken);
    }

    private async Task CheckRecordedResourcesAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        // A 404 means "gone" only once reads have caught up with our last create (eventual consistency).
        var settledAt = new[] { tenant.StoreProgress.CreateRequestedAt, tenant.ConfigurationProgress.RequestedAt }.Max() + _consistencyWindow;
        if (settledAt > time.GetUtcNow())
            await Task.Delay(settledAt.Value - time.GetUtcNow(), time, cancellationToken);

        if (tenant.MemoryStoreId is { } storeId && await memory.FetchStoreAsync(credentials, storeId, cancellationToken) is null)
            tenant.Onboarding.ForgetStore();
        if (tenant.OrchestratorConfigurationId is { } configurationId)
        {
            var configuration = await conversations.FetchConfigurationAsync(credentials, configurationId, cancellationToken);
            if (configuration is null) tenant.Onboarding.ForgetConfiguration();
            // A configuration pointing elsewhere, or whose settings someone changed, is replaced below.
            else if (TenantConfigurationDocument.Drifts(configuration, tenant.Orchestrator)) tenant.Onboarding.RecordConfiguredStore(null);
            else if (configuration.MemoryStoreId != tenant.ConfigurationProgress.ConfiguredStoreId) tenant.Onboarding.RecordConfiguredStore(configuration.MemoryStoreId);
        }
        tenant.Onboarding.RecordRepairChecked();
        await SaveProgressAsync(tenant);
    }

    /// <summary>
    /// The old store gives up the tenant's name (M4). Twilio applies a rename asynchronously, so it counts as done
    /// only once its operation COMPLETED and the store is seen under the retired name: until then no new store may
    /// take the name (it would be refused as a duplicate, or, were duplicates allowed, leave two stores by the
    /// tenant's name). A rename sent again is harmless: it sets the same name.
    /// </summary>
    private async Task RenameRetiredStoresAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        foreach (var retired in tenant.RetiredStores.Where(r => r.IsPendingRename && r.AccountSid == tenant.AccountSid))
        {
            try
            {
                var accepted = await memory.RenameStoreAsync(credentials, retired.StoreId, retired.RetiredName, cancellationToken);
                var operation = await poller.WaitForEndAsync(accepted, (id, ct) => memory.GetOperationAsync(credentials, id, ct), cancellationToken);
                if (operation.State != OperationState.Completed)
                    throw new ProvisioningStepException($"Renaming retired store {retired.StoreId} to {retired.RetiredName} ended {operation.State}: {operation.Error}; the new store waits for the name.", transient: true);
                if (await IsRenamedAsync(retired, credentials, cancellationToken)) tenant.Onboarding.RecordRetiredStoreRenamed(retired);
                else tenant.Onboarding.RecordRetiredStoreDeleted(retired, time.GetUtcNow());
            }
            catch (TwilioApiException e) when (e.IsNotFound)
            {
                // Already gone at Twilio: nothing holds the name any more.
                tenant.Onboarding.RecordRetiredStoreDeleted(retired, time.GetUtcNow());
            }
            await SaveProgressAsync(tenant);
        }
    }

    /// <summary>
    /// True once the store is seen under its retired name, false if it is gone; reads get the consistency window to
    /// catch up with the rename.
    /// </summary>
    private async Task<bool> IsRenamedAsync(RetiredStore retired, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var visibleBy = time.GetUtcNow() + _consistencyWindow;
        while (true)
        {
            var store = await memory.FetchStoreAsync(credentials, retired.StoreId, cancellationToken);
            if (store is null) return false;
            if (store.DisplayName == retired.RetiredName) return true;
            if (time.GetUtcNow() > visibleBy)
                throw new ProvisioningStepException($"Twilio completed the rename of retired store {retired.StoreId}, but it is still named {store.DisplayName}; the new store waits for the name.", transient: true);
            await poller.DelayAsync(null, cancellationToken);
        }
    }

    /// <summary>
    /// Replaces the configuration when it references another store or lacks the tenant's latest settings:
    /// fetch (C3), the whole body with our part changed, PUT (C4) with an Idempotency-Key saved first and reused
    /// only for the same settings revision, then poll (C7). Never PATCH: the live service refuses it (L2).
    /// </summary>
    private async Task EnsureConfigurationUpToDateAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        if (!tenant.Onboarding.ConfigurationNeedsUpdate) return;

        var revision = tenant.SettingsRevision;
        var settings = tenant.Orchestrator;
        if (tenant.ConfigurationProgress.UpdateKey is not { } key || tenant.ConfigurationProgress.UpdateRevision != revision)
        {
            key = Guid.NewGuid();
            tenant.Onboarding.RecordConfigurationUpdateRequested(key, revision);
            await SaveProgressAsync(tenant);
        }
        var configurationId = tenant.OrchestratorConfigurationId!;
        var current = await conversations.FetchConfigurationAsync(credentials, configurationId, cancellationToken)
                      ?? throw new ProvisioningStepException($"Configuration {configurationId} is not visible at Twilio; a repair recreates it if it is gone.", transient: true);
        var accepted = await conversations.ReplaceConfigurationAsync(credentials, configurationId,
            TenantConfigurationDocument.ForReplace(tenant, current), key, cancellationToken);
        var operation = await poller.WaitForEndAsync(accepted, (id, ct) => conversations.GetOperationAsync(credentials, id, ct), cancellationToken);
        if (operation.State != OperationState.Completed)
        {
            // The key would only replay this failure: the next attempt sends the replacement under a new one.
            tenant.Onboarding.RecordConfigurationUpdateRequested(Guid.NewGuid(), revision);
            await SaveProgressAsync(tenant);
            throw new ProvisioningStepException($"Replacing configuration {configurationId} ended {operation.State}: {operation.Error}", transient: true);
        }
        tenant.Onboarding.RecordConfigurationUpdated(revision, settings);
        await SaveProgressAsync(tenant);
    }

    /// <summary>Retired stores to delete: only now that nothing references them. Each frees its slot once gone.</summary>
    private async Task DeleteRetiredStoresAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        foreach (var retired in tenant.RetiredStores.Where(r => r.IsPendingDelete && r.AccountSid == tenant.AccountSid).ToList())
            await storeDeletion.DeleteRetiredStoreAsync(tenant.Onboarding, retired, credentials, cancellationToken);
    }

    /// <summary>Steps 1 and 2: the store's id, from an earlier run, from Twilio by name, or from a new create.</summary>
    private async Task EnsureStoreIdAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        if (tenant.MemoryStoreId is not null) return;

        if (tenant.StoreProgress.OperationId is null)
        {
            var existing = await lookup.FindStoreAsync(tenant, credentials, cancellationToken);
            if (existing is null && tenant.StoreProgress.CreateRequestedAt is { } requestedAt)
            {
                // An earlier create may have succeeded with its answer lost, and Twilio's lists lag writes.
                // Never create again until a lookup made after the consistency window still finds nothing.
                var visibleBy = requestedAt + _consistencyWindow;
                if (visibleBy > time.GetUtcNow())
                {
                    await Task.Delay(visibleBy - time.GetUtcNow(), time, cancellationToken);
                    existing = await lookup.FindStoreAsync(tenant, credentials, cancellationToken);
                }
            }

            if (existing is not null)
            {
                tenant.Onboarding.RecordStore(existing.Id);
                await SaveProgressAsync(tenant);
                return;
            }

            tenant.Onboarding.RecordStoreCreateRequested(time.GetUtcNow());
            await SaveProgressAsync(tenant);
            AcceptedOperation accepted;
            try
            {
                accepted = await memory.CreateStoreAsync(credentials, tenant.MemoryStoreName, StoreDescription(tenant), cancellationToken);
            }
            catch (TwilioApiException e) when (!e.OutcomeUnknown)
            {
                tenant.Onboarding.RecordStoreCreateRefused();
                await SaveProgressAsync(tenant);
                // Twilio documents no error for the store cap: a refusal is checked against a count of the stores.
                if (!e.IsTransient && await slotLedger.TryRelocateAfterCapAsync(tenant, credentials, cancellationToken))
                    throw new AccountFullException("store", e.Message);
                throw;
            }
            tenant.Onboarding.RecordStoreOperation(accepted.OperationId);
            await SaveProgressAsync(tenant);
            await poller.DelayAsync(accepted.RetryAfter, cancellationToken);
        }

        OperationStatus operation;
        try
        {
            operation = await poller.WaitForEndAsync(ct => memory.GetOperationAsync(credentials, tenant.StoreProgress.OperationId!, ct), cancellationToken);
        }
        catch (TwilioApiException e) when (e.IsNotFound)
        {
            // The operation is gone (expired, say). The create did happen, so the next attempt finds the store by name.
            tenant.Onboarding.RecordStoreOperationLost();
            await SaveProgressAsync(tenant);
            throw new ProvisioningStepException("The store create operation is no longer known to Twilio; looking the store up again.", transient: true);
        }

        if (operation is { State: OperationState.Completed, ResultId: { } storeId })
        {
            tenant.Onboarding.RecordStore(storeId);
            await SaveProgressAsync(tenant);
            return;
        }

        tenant.Onboarding.RecordStoreOperationFailed();
        await SaveProgressAsync(tenant);
        if (operation.State == OperationState.Failed && await slotLedger.TryRelocateAfterCapAsync(tenant, credentials, cancellationToken))
            throw new AccountFullException("store", operation.Error ?? "store create failed");
        throw new ProvisioningStepException($"Memory Store create ended {operation.State}: {operation.Error ?? "no store id"}", transient: true);
    }

    /// <summary>Step 3: a configuration may reference the store only once Twilio reports it ACTIVE.</summary>
    private async Task WaitUntilStoreActiveAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        if (tenant.StoreProgress.ActiveAt is not null) return;

        var deadline = time.GetUtcNow() + _options.StepTimeout;
        DateTimeOffset? missingSince = null;
        while (true)
        {
            var store = await memory.FetchStoreAsync(credentials, tenant.MemoryStoreId!, cancellationToken);
            if (store is { IsActive: true })
            {
                tenant.Onboarding.RecordStoreActive(time.GetUtcNow());
                await SaveProgressAsync(tenant);
                return;
            }
            if (store is { IsFailed: true })
                throw new ProvisioningStepException($"Twilio reports Memory Store {store.Id} FAILED.", transient: false);

            if (store is null)
            {
                // Right after a create, a fetch may 404 for a while (eventual consistency). Past the window, it is gone.
                missingSince ??= time.GetUtcNow();
                if (time.GetUtcNow() - missingSince > _consistencyWindow)
                {
                    var missingId = tenant.MemoryStoreId!;
                    tenant.Onboarding.ForgetStore();
                    await SaveProgressAsync(tenant);
                    throw new ProvisioningStepException($"Memory Store {missingId} no longer exists at Twilio.", transient: true);
                }
            }

            if (time.GetUtcNow() > deadline)
                throw new ProvisioningStepException($"Memory Store {tenant.MemoryStoreId} is still {store?.Status ?? "not visible"} after {_options.StepTimeout}.", transient: true);
            await poller.DelayAsync(null, cancellationToken);
        }
    }

    /// <summary>
    /// Step 4: create the configuration, with the tenant's channels as capture rules. Its Idempotency-Key is saved
    /// before the call, so a rerun within Twilio's 24 h replays the same answer instead of creating a second
    /// configuration. Past that, look it up by name first. A refusal at the account's configuration cap (L1)
    /// moves the tenant, its store deleted, to another account.
    /// </summary>
    private async Task EnsureConfigurationRequestedAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        if (tenant.OrchestratorConfigurationId is not null || tenant.ConfigurationProgress.OperationId is not null) return;

        var key = tenant.ConfigurationProgress.IdempotencyKey;
        if (key is null || time.GetUtcNow() - tenant.ConfigurationProgress.RequestedAt > IdempotencyKeyLifetime)
        {
            if (key is not null)
            {
                var existing = await lookup.FindConfigurationAsync(tenant, credentials, cancellationToken);
                if (existing is not null)
                {
                    // Made with the settings of its time: if they changed since, the replacement step brings them up to date.
                    tenant.Onboarding.RecordConfiguration(existing.Id, operationId: null, revision: 0, tenant.Orchestrator);
                    await SaveProgressAsync(tenant);
                    return;
                }
            }
            key = Guid.NewGuid();
            tenant.Onboarding.RecordConfigurationRequested(key.Value, time.GetUtcNow());
            await SaveProgressAsync(tenant);
        }

        AcceptedConfiguration accepted;
        var revision = tenant.SettingsRevision;
        var settings = tenant.Orchestrator;
        try
        {
            accepted = await conversations.CreateConfigurationAsync(credentials, TenantConfigurationDocument.ForCreate(tenant), key.Value, cancellationToken);
        }
        catch (TwilioApiException e) when (!e.OutcomeUnknown && !e.IsTransient)
        {
            // Refused as invalid: the key would only replay the refusal, so the next attempt gets a new one.
            tenant.Onboarding.RecordConfigurationFailed();
            await SaveProgressAsync(tenant);
            if (await foreignResources.IsAtConfigurationCapAsync(tenant, credentials, cancellationToken))
            {
                await LeaveFullAccountAsync(tenant, credentials, cancellationToken);
                throw new AccountFullException("configuration", e.Message);
            }
            throw;
        }
        tenant.Onboarding.RecordConfiguration(accepted.ConfigurationId, accepted.Operation.OperationId, revision, settings);
        await SaveProgressAsync(tenant);
        await poller.DelayAsync(accepted.Operation.RetryAfter, cancellationToken);
    }

    /// <summary>
    /// Leaves an account that has no configuration slot for the tenant after all, without leaving its store
    /// behind: the store is deleted (M5) and its slot given back; if Twilio refuses, it stays, retired and counted,
    /// and offboarding deletes it later.
    /// </summary>
    private async Task LeaveFullAccountAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var refusal = tenant.MemoryStoreId is { } storeId ? await storeDeletion.DeleteAsync(credentials, storeId, cancellationToken) : null;
        await slotLedger.LeaveAccountAsync(tenant, refusal, cancellationToken);
    }

    /// <summary>Twilio keeps keys 24 h; stop trusting one an hour before that.</summary>
    private static readonly TimeSpan IdempotencyKeyLifetime = TimeSpan.FromHours(23);

    private async Task WaitUntilConfigurationCompletedAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        if (tenant.ConfigurationProgress.OperationId is not { } operationId) return;

        var operation = await poller.WaitForEndAsync(ct => conversations.GetOperationAsync(credentials, operationId, ct), cancellationToken);
        if (operation.State != OperationState.Completed)
        {
            tenant.Onboarding.RecordConfigurationFailed();
            await SaveProgressAsync(tenant);
            throw new ProvisioningStepException($"Orchestrator configuration create ended {operation.State}: {operation.Error}", transient: true);
        }

        var configurationId = tenant.OrchestratorConfigurationId ?? operation.ResultId ?? await FindNewConfigurationAsync(tenant, credentials, cancellationToken);
        tenant.Onboarding.RecordConfigurationCreated(configurationId);
        await SaveProgressAsync(tenant);
    }

    /// <summary>
    /// Neither the 202 nor the operation named the new configuration (L3): list by the tenant's store and match
    /// its name, until lists have caught up with the create (the consistency window).
    /// </summary>
    private async Task<string> FindNewConfigurationAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var visibleBy = (tenant.ConfigurationProgress.RequestedAt ?? time.GetUtcNow()) + _consistencyWindow;
        while (true)
        {
            if (await lookup.FindConfigurationAsync(tenant, credentials, cancellationToken) is { } found) return found.Id;
            if (time.GetUtcNow() > visibleBy)
                // The operation and the key stay: the next attempt polls it again and looks again.
                throw new ProvisioningStepException($"The configuration {tenant.MemoryStoreName} Twilio created is not listed yet.", transient: true);
            await poller.DelayAsync(null, cancellationToken);
        }
    }

    private async Task<RunOutcome> RetryLaterOrFailAsync(Tenant tenant, string error, TimeSpan? retryAfter)
    {
        var attempts = tenant.RecordTransientFailure(error);
        if (attempts >= _options.MaxAttempts)
        {
            tenant.MarkFailed($"Gave up after {attempts} attempts. Last error: {error}");
            await SaveProgressAsync(tenant);
            LogFailed(logger, tenant.ClientId, tenant.LastError!);
            return RunOutcome.Done;
        }

        await SaveProgressAsync(tenant);
        var delay = RetryDelay(attempts, retryAfter);
        LogRetrying(logger, tenant.ClientId, attempts, delay, error);
        return RunOutcome.RunAgainAt(time.GetUtcNow() + delay);
    }

    /// <summary>Exponential backoff with full jitter, never sooner than Twilio's Retry-After.</summary>
    private TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter)
    {
        var ceiling = Math.Min(_options.RetryMaxDelay.TotalMilliseconds, _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        var jittered = TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
        return retryAfter is { } r && r > jittered ? r : jittered;
    }

    private Task SaveProgressAsync(Tenant tenant) => checkpoint.SaveAsync(tenant);

    private static string StoreDescription(Tenant tenant) =>
        tenant.DisplayName ?? $"Conversation Memory of client {tenant.ClientId}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {ClientId} is Ready with store {MemoryStoreId} and configuration {ConfigurationId}")]
    private static partial void LogReady(ILogger logger, string clientId, string memoryStoreId, string configurationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {ClientId} attempt {Attempt} failed; retrying in {Delay}: {Error}")]
    private static partial void LogRetrying(ILogger logger, string clientId, int attempt, TimeSpan delay, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tenant {ClientId} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string clientId, string error);
}
