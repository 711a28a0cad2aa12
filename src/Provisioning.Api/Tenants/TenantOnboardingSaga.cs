using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Accounts;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Api.Infrastructure.Telemetry;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Tenants;

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
    AdvisoryLocks locks,
    AccountPool accounts,
    StoreDeletion storeDeletion,
    MemoryClient memory,
    ConversationsClient conversations,
    OperationPoller poller,
    StoreNameCache storeNames,
    IBackgroundJobClient jobs,
    ProvisioningMetrics metrics,
    TimeProvider time,
    IOptions<TwilioOptions> twilioOptions,
    IOptions<ProvisioningOptions> provisioningOptions,
    IOptions<AccountPoolOptions> poolOptions,
    ILogger<TenantOnboardingSaga> logger)
{
    private readonly AccountPoolOptions _poolOptions = poolOptions.Value;
    private readonly ProvisioningOptions _options = provisioningOptions.Value;
    private readonly TimeSpan _consistencyWindow = twilioOptions.Value.ConsistencyWindow;

    /// <remarks>
    /// Twilio failures are handled here (retried on our own schedule, or Failed). Hangfire's own retries are
    /// left for failures of our infrastructure, such as the database being unreachable mid-run; they start
    /// soon, so a short outage delays a signup by seconds, and the watchdog covers anything longer.
    /// </remarks>
    [AutomaticRetry(Attempts = 10, DelaysInSeconds = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600])]
    [JobDisplayName("Onboard tenant {0}")]
    public async Task RunAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var tenantLock = await locks.TryAcquireAsync(AdvisoryLockKey.ForTenant(tenantId), cancellationToken);
        if (tenantLock is null)
        {
            LogAlreadyRunning(logger, tenantId);
            return;
        }

        // The SignupDispatcher enqueues this job before it commits its mark on the row (so that a crash can only
        // enqueue twice). Wait for that commit: a row read before it would fail our first save on its
        // concurrency token, and cost a Hangfire retry (seconds) for nothing. FOR KEY SHARE waits only for a
        // FOR UPDATE holder, and is released at once.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM tenants WHERE id = {tenantId} FOR KEY SHARE", cancellationToken);
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null || tenant.IsTerminal) return;

        using var _ = logger.BeginScope(new Dictionary<string, object> { ["ClientId"] = tenant.ClientId, ["TenantId"] = tenant.Id });
        tenant.StartProvisioning(time.GetUtcNow());
        await SaveProgressAsync();

        try
        {
            await ProvisionCountingCallsAsync(tenant, cancellationToken);

            var firstReady = tenant.ReadyAt is null;
            tenant.MarkReady(time.GetUtcNow());
            await SaveProgressAsync();
            if (firstReady) metrics.RecordSignupToReady(tenant.ReadyAt!.Value - tenant.CreatedAt);
            LogReady(logger, tenant.ClientId, tenant.MemoryStoreId!, tenant.OrchestratorConfigurationId!);
        }
        catch (PoolExhaustedException e)
        {
            // Not a failure of this tenant: it waits, Pending with the reason, and looks again later.
            tenant.WaitForCapacity(e.Message, time.GetUtcNow());
            await SaveProgressAsync();
            jobs.Schedule<TenantOnboardingSaga>(saga => saga.RunAsync(tenant.Id, CancellationToken.None), _poolOptions.CapacityRetryInterval);
        }
        catch (TwilioApiException e) when (e.IsTransient)
        {
            await RetryLaterOrFailAsync(tenant, e.Message, e.RetryAfter);
        }
        catch (OnboardingStepException e) when (e.Transient)
        {
            await RetryLaterOrFailAsync(tenant, e.Message, retryAfter: null);
        }
        catch (Exception e) when (e is TwilioApiException or OnboardingStepException)
        {
            // Validation and auth errors cannot succeed on retry: stop now and say why.
            tenant.MarkFailed(e.Message, time.GetUtcNow());
            await SaveProgressAsync();
            LogFailed(logger, tenant.ClientId, e.Message);
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
                catch (StoreCapReachedException) when (placement < MaxPlacementsPerRun)
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
        await accounts.ReserveSlotAsync(tenant, cancellationToken);
        using var _ = logger.BeginScope(new Dictionary<string, object> { ["AccountSid"] = tenant.AccountSid! });
        var credentials = await accounts.GetCredentialsAsync(tenant.AccountSid!, cancellationToken);

        // An admin's repair: trust no recorded id until Twilio confirms it; forget what is gone.
        if (tenant.PendingReprovision == ReprovisionMode.Repair)
            await CheckRecordedResourcesAsync(tenant, credentials, cancellationToken);
        // An admin's recreate: the old store gives up the tenant's store name before the new store takes it.
        await RenameRetiredStoresAsync(tenant, credentials, cancellationToken);

        await EnsureStoreIdAsync(tenant, credentials, cancellationToken);
        await WaitUntilStoreActiveAsync(tenant, credentials, cancellationToken);
        await EnsureConfigurationRequestedAsync(tenant, credentials, cancellationToken);
        await WaitUntilConfigurationCompletedAsync(tenant, credentials, cancellationToken);

        // After a recreate or repair: the configuration is switched to the new store, then the old store retires.
        await EnsureConfigurationUsesStoreAsync(tenant, credentials, cancellationToken);
        await DeleteRetiredStoresAsync(tenant, credentials, cancellationToken);
    }

    private async Task CheckRecordedResourcesAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        // A 404 means "gone" only once reads have caught up with our last create (eventual consistency).
        var settledAt = new[] { tenant.StoreCreateRequestedAt, tenant.ConfigurationRequestedAt }.Max() + _consistencyWindow;
        if (settledAt > time.GetUtcNow())
            await Task.Delay(settledAt.Value - time.GetUtcNow(), time, cancellationToken);

        if (tenant.MemoryStoreId is { } storeId && await memory.FetchStoreAsync(credentials, storeId, cancellationToken) is null)
            tenant.ForgetStore(time.GetUtcNow());
        if (tenant.OrchestratorConfigurationId is { } configurationId)
        {
            var configuration = await conversations.FetchConfigurationAsync(credentials, configurationId, cancellationToken);
            if (configuration is null) tenant.ForgetConfiguration(time.GetUtcNow());
            // A configuration pointing elsewhere, or with extraction set otherwise, is patched back below.
            else if (configuration.MemoryStoreId != tenant.ConfiguredStoreId || configuration.MemoryExtractionEnabled != tenant.Orchestrator.MemoryExtractionEnabled)
                tenant.RecordConfiguredStore(configuration.MemoryExtractionEnabled == tenant.Orchestrator.MemoryExtractionEnabled ? configuration.MemoryStoreId : null, time.GetUtcNow());
        }
        tenant.RecordRepairChecked(time.GetUtcNow());
        await SaveProgressAsync();
    }

    private async Task RenameRetiredStoresAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        foreach (var retired in tenant.RetiredStores.Where(r => r.IsPendingRename && r.AccountSid == tenant.AccountSid))
        {
            try
            {
                var accepted = await memory.RenameStoreAsync(credentials, retired.StoreId, retired.RetiredName, cancellationToken);
                await poller.WaitForEndAsync(accepted, (id, ct) => memory.GetOperationAsync(credentials, id, ct), cancellationToken);
            }
            catch (TwilioApiException e) when (e.IsNotFound)
            {
                // Already gone at Twilio: nothing holds the name any more.
                retired.MarkDeleted(time.GetUtcNow());
            }
            retired.MarkRenamed();
            await SaveProgressAsync();
        }
    }

    /// <summary>Points the configuration at the tenant's store (C5) when it references another one.</summary>
    private async Task EnsureConfigurationUsesStoreAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        if (tenant.OrchestratorConfigurationId is null || tenant.ConfiguredStoreId == tenant.MemoryStoreId) return;

        if (tenant.ConfigurationUpdateKey is not { } key)
        {
            key = Guid.NewGuid();
            tenant.RecordConfigurationUpdateRequested(key, time.GetUtcNow());
            await SaveProgressAsync();
        }
        var accepted = await conversations.SwitchStoreAsync(credentials, tenant.OrchestratorConfigurationId, tenant.MemoryStoreId!,
            tenant.Orchestrator.MemoryExtractionEnabled, key, cancellationToken);
        var operation = await poller.WaitForEndAsync(accepted, (id, ct) => conversations.GetOperationAsync(credentials, id, ct), cancellationToken);
        if (operation.State != OperationState.Completed)
            throw new OnboardingStepException($"Switching the configuration to store {tenant.MemoryStoreId} ended {operation.State}: {operation.Error}", transient: true);
        tenant.RecordConfigurationSwitched(time.GetUtcNow());
        await SaveProgressAsync();
    }

    /// <summary>Retired stores to delete: only now that nothing references them. Each frees its slot once gone.</summary>
    private async Task DeleteRetiredStoresAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        foreach (var retired in tenant.RetiredStores.Where(r => r.IsPendingDelete && r.AccountSid == tenant.AccountSid).ToList())
            await storeDeletion.DeleteRetiredStoreAsync(retired, credentials, cancellationToken);
    }

    /// <summary>Steps 1 and 2: the store's id, from an earlier run, from Twilio by name, or from a new create.</summary>
    private async Task EnsureStoreIdAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        if (tenant.MemoryStoreId is not null) return;

        if (tenant.MemoryStoreOperationId is null)
        {
            var existing = await FindStoreByNameAsync(tenant, credentials, cancellationToken);
            if (existing is null && tenant.StoreCreateRequestedAt is { } requestedAt)
            {
                // An earlier create may have succeeded with its answer lost, and Twilio's lists lag writes.
                // Never create again until a lookup made after the consistency window still finds nothing.
                var visibleBy = requestedAt + _consistencyWindow;
                if (visibleBy > time.GetUtcNow())
                {
                    await Task.Delay(visibleBy - time.GetUtcNow(), time, cancellationToken);
                    existing = await FindStoreByNameAsync(tenant, credentials, cancellationToken);
                }
            }

            if (existing is not null)
            {
                tenant.RecordStore(existing.Id, time.GetUtcNow());
                await SaveProgressAsync();
                return;
            }

            tenant.RecordStoreCreateRequested(time.GetUtcNow());
            await SaveProgressAsync();
            AcceptedOperation accepted;
            try
            {
                accepted = await memory.CreateStoreAsync(credentials, tenant.MemoryStoreName, StoreDescription(tenant), cancellationToken);
            }
            catch (TwilioApiException e) when (!e.OutcomeUnknown)
            {
                tenant.RecordStoreCreateRefused(time.GetUtcNow());
                await SaveProgressAsync();
                // Twilio documents no error for the store cap: a refusal is checked against a count of the stores.
                if (!e.IsTransient && await accounts.TryRelocateAfterCapAsync(tenant, credentials, cancellationToken))
                    throw new StoreCapReachedException(e.Message);
                throw;
            }
            tenant.RecordStoreOperation(accepted.OperationId, time.GetUtcNow());
            await SaveProgressAsync();
            await poller.DelayAsync(accepted.RetryAfter, cancellationToken);
        }

        OperationStatus operation;
        try
        {
            operation = await poller.WaitForEndAsync(ct => memory.GetOperationAsync(credentials, tenant.MemoryStoreOperationId!, ct), cancellationToken);
        }
        catch (TwilioApiException e) when (e.IsNotFound)
        {
            // The operation is gone (expired, say). The create did happen, so the next attempt finds the store by name.
            tenant.RecordStoreOperationLost(time.GetUtcNow());
            await SaveProgressAsync();
            throw new OnboardingStepException("The store create operation is no longer known to Twilio; looking the store up again.", transient: true);
        }

        if (operation is { State: OperationState.Completed, ResultId: { } storeId })
        {
            tenant.RecordStore(storeId, time.GetUtcNow());
            await SaveProgressAsync();
            return;
        }

        tenant.RecordStoreOperationFailed(time.GetUtcNow());
        await SaveProgressAsync();
        if (operation.State == OperationState.Failed && await accounts.TryRelocateAfterCapAsync(tenant, credentials, cancellationToken))
            throw new StoreCapReachedException(operation.Error ?? "store create failed");
        throw new OnboardingStepException($"Memory Store create ended {operation.State}: {operation.Error ?? "no store id"}", transient: true);
    }

    /// <summary>
    /// The store named for this tenant in its account (M2 lists ids only, so each unknown id is fetched, M3).
    /// Stores recorded for other tenants or as foreign under another name, and stores this process saw under
    /// another name, cannot be this one and are not fetched.
    /// </summary>
    private async Task<MemoryStore?> FindStoreByNameAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var ids = await memory.ListAllStoreIdsAsync(credentials, cancellationToken);
        var known = await db.Tenants.AsNoTracking()
            .Where(t => t.Id != tenant.Id && t.MemoryStoreId != null && ids.Contains(t.MemoryStoreId))
            .Select(t => t.MemoryStoreId!)
            // Foreign stores found by counting have no name on record (null): those are still looked at.
            .Concat(db.KnownForeignStores.Where(f => ids.Contains(f.StoreId) && f.DisplayName != null && f.DisplayName != tenant.MemoryStoreName)
                .Select(f => f.StoreId))
            .ToListAsync(cancellationToken);

        MemoryStore? match = null;
        foreach (var id in ids.Except(known))
        {
            var store = await storeNames.FindIfNamedAsync(id, tenant.MemoryStoreName,
                ct => memory.FetchStoreAsync(credentials, id, ct), cancellationToken);
            if (store is null) continue;
            // Should a lost acknowledgement ever have left two, prefer one that works; reconciliation reports the other.
            if (match is null || (!match.IsActive && store.IsActive)) match = store;
        }
        return match;
    }

    /// <summary>Step 3: a configuration may reference the store only once Twilio reports it ACTIVE.</summary>
    private async Task WaitUntilStoreActiveAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        if (tenant.MemoryStoreActiveAt is not null) return;

        var deadline = time.GetUtcNow() + _options.StepTimeout;
        DateTimeOffset? missingSince = null;
        while (true)
        {
            var store = await memory.FetchStoreAsync(credentials, tenant.MemoryStoreId!, cancellationToken);
            if (store is { IsActive: true })
            {
                tenant.RecordStoreActive(time.GetUtcNow());
                await SaveProgressAsync();
                return;
            }
            if (store is { IsFailed: true })
                throw new OnboardingStepException($"Twilio reports Memory Store {store.Id} FAILED.", transient: false);

            if (store is null)
            {
                // Right after a create, a fetch may 404 for a while (eventual consistency). Past the window, it is gone.
                missingSince ??= time.GetUtcNow();
                if (time.GetUtcNow() - missingSince > _consistencyWindow)
                {
                    var missingId = tenant.MemoryStoreId!;
                    tenant.ForgetStore(time.GetUtcNow());
                    await SaveProgressAsync();
                    throw new OnboardingStepException($"Memory Store {missingId} no longer exists at Twilio.", transient: true);
                }
            }

            if (time.GetUtcNow() > deadline)
                throw new OnboardingStepException($"Memory Store {tenant.MemoryStoreId} is still {store?.Status ?? "not visible"} after {_options.StepTimeout}.", transient: true);
            await poller.DelayAsync(null, cancellationToken);
        }
    }

    /// <summary>
    /// Step 4: create the configuration. Its Idempotency-Key is saved before the call, so a rerun within Twilio's
    /// 24 h replays the same answer instead of creating a second configuration. Past that, list by store first.
    /// </summary>
    private async Task EnsureConfigurationRequestedAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        if (tenant.OrchestratorConfigurationId is not null) return;

        var key = tenant.ConfigurationIdempotencyKey;
        if (key is null || time.GetUtcNow() - tenant.ConfigurationRequestedAt > IdempotencyKeyLifetime)
        {
            if (key is not null)
            {
                var existing = await FindConfigurationAsync(tenant, credentials, cancellationToken);
                if (existing is not null)
                {
                    tenant.RecordConfiguration(existing.Id, operationId: null, time.GetUtcNow());
                    await SaveProgressAsync();
                    return;
                }
            }
            key = Guid.NewGuid();
            tenant.RecordConfigurationRequested(key.Value, time.GetUtcNow());
            await SaveProgressAsync();
        }

        AcceptedConfiguration accepted;
        try
        {
            accepted = await conversations.CreateConfigurationAsync(credentials, ConfigurationFor(tenant), key.Value, cancellationToken);
        }
        catch (TwilioApiException e) when (!e.OutcomeUnknown && !e.IsTransient)
        {
            // Refused as invalid: the key would only replay the refusal, so the next attempt gets a new one.
            tenant.RecordConfigurationFailed(time.GetUtcNow());
            await SaveProgressAsync();
            throw;
        }
        tenant.RecordConfiguration(accepted.ConfigurationId, accepted.Operation.OperationId, time.GetUtcNow());
        await SaveProgressAsync();
        await poller.DelayAsync(accepted.Operation.RetryAfter, cancellationToken);
    }

    /// <summary>Twilio keeps keys 24 h; stop trusting one an hour before that.</summary>
    private static readonly TimeSpan IdempotencyKeyLifetime = TimeSpan.FromHours(23);

    private async Task<Configuration?> FindConfigurationAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await conversations.ListConfigurationsAsync(credentials, tenant.MemoryStoreId, token, cancellationToken);
            var match = page.Configurations.FirstOrDefault(c => c.DisplayName == tenant.MemoryStoreName);
            if (match is not null) return match;
            token = page.NextToken;
        } while (!string.IsNullOrEmpty(token));
        return null;
    }

    private async Task WaitUntilConfigurationCompletedAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        if (tenant.ConfigurationOperationId is null) return;

        var operation = await poller.WaitForEndAsync(ct => conversations.GetOperationAsync(credentials, tenant.ConfigurationOperationId, ct), cancellationToken);
        if (operation.State == OperationState.Completed)
        {
            tenant.RecordConfigurationCreated(time.GetUtcNow());
            await SaveProgressAsync();
            return;
        }

        tenant.RecordConfigurationFailed(time.GetUtcNow());
        await SaveProgressAsync();
        throw new OnboardingStepException($"Orchestrator configuration create ended {operation.State}: {operation.Error}", transient: true);
    }

    private async Task RetryLaterOrFailAsync(Tenant tenant, string error, TimeSpan? retryAfter)
    {
        var attempts = tenant.RecordTransientFailure(error, time.GetUtcNow());
        if (attempts >= _options.MaxAttempts)
        {
            tenant.MarkFailed($"Gave up after {attempts} attempts. Last error: {error}", time.GetUtcNow());
            await SaveProgressAsync();
            LogFailed(logger, tenant.ClientId, tenant.LastError!);
            return;
        }

        await SaveProgressAsync();
        var delay = RetryDelay(attempts, retryAfter);
        jobs.Schedule<TenantOnboardingSaga>(saga => saga.RunAsync(tenant.Id, CancellationToken.None), delay);
        LogRetrying(logger, tenant.ClientId, attempts, delay, error);
    }

    /// <summary>Exponential backoff with full jitter, never sooner than Twilio's Retry-After.</summary>
    private TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter)
    {
        var ceiling = Math.Min(_options.RetryMaxDelay.TotalMilliseconds, _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        var jittered = TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
        return retryAfter is { } r && r > jittered ? r : jittered;
    }

    // Progress must reach the database even when the job is being cancelled: losing an operation id that
    // Twilio already issued is exactly what would make the next run create a duplicate.
    private Task SaveProgressAsync() => db.SaveChangesAsync(CancellationToken.None);

    private static string StoreDescription(Tenant tenant) =>
        tenant.DisplayName ?? $"Conversation Memory of client {tenant.ClientId}";

    private static ConfigurationRequest ConfigurationFor(Tenant tenant) => new(
        DisplayName: tenant.MemoryStoreName,
        Description: tenant.DisplayName ?? $"Conversation Orchestrator configuration of client {tenant.ClientId}",
        ConversationGroupingType: tenant.Orchestrator.ConversationGroupingType,
        MemoryStoreId: tenant.MemoryStoreId!,
        MemoryExtractionEnabled: tenant.Orchestrator.MemoryExtractionEnabled,
        StatusCallbacks: tenant.Orchestrator.StatusCallbacks.Count == 0
            ? null
            : tenant.Orchestrator.StatusCallbacks.Select(c => new StatusCallbackRequest(c.Url, c.Method)).ToList());

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {TenantId} is already being provisioned by another run; this run stops")]
    private static partial void LogAlreadyRunning(ILogger logger, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {ClientId} is Ready with store {MemoryStoreId} and configuration {ConfigurationId}")]
    private static partial void LogReady(ILogger logger, string clientId, string memoryStoreId, string configurationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {ClientId} attempt {Attempt} failed; retrying in {Delay}: {Error}")]
    private static partial void LogRetrying(ILogger logger, string clientId, int attempt, TimeSpan delay, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tenant {ClientId} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string clientId, string error);
}

/// <summary>A saga step that could not complete; <see cref="Transient"/> says whether a later attempt may.</summary>
public class OnboardingStepException(string message, bool transient) : Exception(message)
{
    public bool Transient { get; } = transient;
}

/// <summary>The tenant's account turned out to be at the store cap; the tenant has been unassigned from it.</summary>
public sealed class StoreCapReachedException(string twilioError)
    : OnboardingStepException($"The account was at its store cap ({twilioError}); the tenant moves to another account.", transient: true);
