using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Data;
using Provisioning.Api.Accounts;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Offboarding;

/// <summary>
/// Removes a tenant's Twilio resources once its grace period is over, in the reverse order of onboarding:
/// <list type="number">
/// <item>a store or configuration whose create's answer was never recorded is looked up by name first;</item>
/// <item>the Orchestrator configuration (C6), waiting for its operation, so nothing references the store;</item>
/// <item>every Memory Store it ever had (M5: current, retired, in any account), permanent, waiting for each operation,
/// each slot freed once its store is gone; a refusal is retried like any failure;</item>
/// <item>a dedicated tenant's own subaccount is closed (A4, final), which takes it out of the pool;</item>
/// <item>then, and only when Twilio holds nothing of it, the tenant is Deleted (or an admin accepts a residual).</item>
/// </list>
/// Each step is recorded before the next, so a rerun continues where a run stopped.
/// </summary>
public sealed partial class TenantOffboardingSaga(
    ProvisioningDbContext db,
    TenantCheckpoint checkpoint,
    AccountCredentials accountCredentials,
    SlotLedger slotLedger,
    PoolCapacity poolCapacity,
    SubaccountClosure subaccountClosure,
    StoreDeletion storeDeletion,
    MemoryClient memory,
    ConversationsClient conversations,
    TenantResourceLookup lookup,
    OperationPoller poller,
    TimeProvider time,
    IOptions<ProvisioningOptions> options,
    IOptions<TwilioOptions> twilio,
    ILogger<TenantOffboardingSaga> logger) : ITenantWork
{
    public bool Handles(TenantStatus status) => status is TenantStatus.PendingDeletion or TenantStatus.Deprovisioning;

    /// <summary>One run, while the runner holds the tenant's lease; says when the next is due after a Twilio failure.</summary>
    public async Task<RunOutcome> RunAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null) return RunOutcome.Done;
        // Cancelled in the grace period, already done, or not yet due (then due when the grace period ends).
        if (!tenant.BeginDeprovisioning(time.GetUtcNow()))
            return tenant is { Status: TenantStatus.PendingDeletion, DeletionDueAt: { } due } ? RunOutcome.RunAgainAt(due) : RunOutcome.Done;

        using var _ = logger.BeginScope(new Dictionary<string, object> { ["ClientId"] = tenant.ClientId, ["TenantId"] = tenant.Id });
        await checkpoint.SaveAsync(tenant);

        try
        {
            if (tenant.AccountSid is { } accountSid && tenant.Erasure.HasWorkInItsAccount)
            {
                var credentials = await accountCredentials.GetCredentialsAsync(accountSid, cancellationToken);
                await FindUnrecordedResourcesAsync(tenant, credentials, cancellationToken);
                await DeleteConfigurationAsync(tenant, credentials, cancellationToken);
                if (tenant.MemoryStoreId is not null)
                {
                    tenant.Erasure.RetireStore(time.GetUtcNow());
                    await checkpoint.SaveAsync(tenant);
                }
                else if (tenant.SlotReleasedAt is null)
                    await slotLedger.ReleaseSlotAsync(accountSid, () => tenant.Erasure.RecordSlotReleased(time.GetUtcNow()), cancellationToken);
            }
            await EraseStoresAsync(tenant, cancellationToken);
            await CloseDedicatedSubaccountAsync(tenant, cancellationToken);

            tenant.MarkDeleted(null, time.GetUtcNow());
            await checkpoint.SaveAsync(tenant);
            LogDeleted(logger, tenant.ClientId, "all resources removed");
            return RunOutcome.Done;
        }
        catch (Exception e) when (e is TwilioApiException or ProvisioningStepException)
        {
            var attempts = tenant.RecordTransientFailure(e.Message);
            await checkpoint.SaveAsync(tenant);
            if (attempts >= options.Value.MaxAttempts)
            {
                // Stays Deprovisioning with the error; DELETE again (immediate) retries it.
                LogStuck(logger, tenant.ClientId, e.Message);
                return RunOutcome.Done;
            }
            return RunOutcome.RunAgainAt(time.GetUtcNow() + options.Value.RetryBaseDelay * Math.Pow(2, attempts - 1));
        }
    }

    /// <summary>
    /// Every store the tenant ever had (current, recreated away and kept, renamed, in any account) is deleted; a
    /// refusal is retried like any failure, and the tenant is Deleted only once Twilio holds none of them.
    /// </summary>
    private async Task EraseStoresAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var refusals = new List<string>();
        foreach (var retired in tenant.RetiredStores.Where(r => r.IsAtTwilio).ToList())
        {
            var credentials = await accountCredentials.GetCredentialsAsync(retired.AccountSid, cancellationToken);
            if (await storeDeletion.DeleteRetiredStoreAsync(tenant.Erasure, retired, credentials, cancellationToken) is { } refusal) refusals.Add(refusal);
        }
        if (refusals.Count > 0)
            throw new ProvisioningStepException(
                $"Twilio still holds stores of this tenant and refused to delete them ({string.Join("; ", refusals)}); trying again. "
                + "If Twilio cannot delete them, an admin can end the erasure with POST /v1/tenants/{tenant.ClientId}/erasure:accept-residual.", transient: true);
    }

    /// <summary>
    /// A dedicated tenant's subaccount was made for it alone and is closed with it, now that Twilio holds none of its
    /// stores or configuration. Nothing else is ever placed there, so the close needs no slot lock. Done or not
    /// needed when the tenant has no open dedicated subaccount (pooled, never placed, or closed by an earlier run).
    /// </summary>
    private async Task CloseDedicatedSubaccountAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        if (await poolCapacity.DedicatedAccountOf(tenant.Id).SingleOrDefaultAsync(cancellationToken) is not { } account) return;
        if (account.CloseRequestedAt is null)
        {
            account.RequestClose(time.GetUtcNow());
            await checkpoint.SaveAsync(tenant);
        }
        try
        {
            await subaccountClosure.CloseSubaccountAsync(account, cancellationToken);
        }
        catch (TwilioApiException e)
        {
            throw new ProvisioningStepException(
                $"Twilio refused to close the tenant's dedicated subaccount {account.Sid} ({e.Message}); trying again.", transient: true);
        }
        LogDedicatedSubaccountClosed(logger, account.Sid, tenant.ClientId);
    }

    /// <summary>
    /// A create sent without its outcome recorded (the answer lost, the run failed before it looked again) may
    /// have left a store or a configuration the tenant has no id for. Erasure must find it, so: the store create's
    /// operation if it is known, else a lookup by name once Twilio's reads have caught up with the create.
    /// </summary>
    private async Task FindUnrecordedResourcesAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        if (tenant.Erasure.MayHaveUnrecordedStore)
        {
            var storeId = await StoreFromOperationAsync(tenant, credentials, cancellationToken);
            if (storeId is null)
            {
                await WaitForReadsAsync(tenant.StoreProgress.CreateRequestedAt!.Value, cancellationToken);
                storeId = (await lookup.FindStoreAsync(tenant, credentials, cancellationToken))?.Id;
            }
            tenant.Erasure.RecordStoreFound(storeId);
            await checkpoint.SaveAsync(tenant);
        }
        if (tenant.Erasure.MayHaveUnrecordedConfiguration && tenant.MemoryStoreId is not null)
        {
            await WaitForReadsAsync(tenant.ConfigurationProgress.RequestedAt ?? time.GetUtcNow(), cancellationToken);
            tenant.Erasure.RecordConfigurationFound((await lookup.FindConfigurationAsync(tenant, credentials, cancellationToken))?.Id);
            await checkpoint.SaveAsync(tenant);
        }
    }

    /// <summary>The store id the create's operation gave, or null when there is no such operation (any more).</summary>
    private async Task<string?> StoreFromOperationAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        if (tenant.StoreProgress.OperationId is not { } operationId) return null;
        try
        {
            var operation = await poller.WaitForEndAsync(ct => memory.GetOperationAsync(credentials, operationId, ct), cancellationToken);
            return operation.State == OperationState.Completed ? operation.ResultId : null;
        }
        catch (TwilioApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    private async Task WaitForReadsAsync(DateTimeOffset writtenAt, CancellationToken cancellationToken)
    {
        var visibleBy = writtenAt + twilio.Value.ConsistencyWindow;
        if (visibleBy > time.GetUtcNow()) await Task.Delay(visibleBy - time.GetUtcNow(), time, cancellationToken);
    }

    private async Task DeleteConfigurationAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        if (tenant.OrchestratorConfigurationId is not { } configurationId) return;

        if (tenant.ConfigurationProgress.UpdateKey is not { } key)
        {
            key = Guid.NewGuid();
            tenant.Erasure.RecordConfigurationDeleteRequested(key);
            await checkpoint.SaveAsync(tenant);
        }
        try
        {
            var accepted = await conversations.DeleteConfigurationAsync(credentials, configurationId, key, cancellationToken);
            var operation = await poller.WaitForEndAsync(accepted, (id, ct) => conversations.GetOperationAsync(credentials, id, ct), cancellationToken);
            if (operation.State != OperationState.Completed)
                throw new ProvisioningStepException($"Deleting configuration {configurationId} ended {operation.State}: {operation.Error}", transient: true);
        }
        catch (TwilioApiException e) when (e.IsNotFound)
        {
            // Gone, unless reads have not caught up with its create yet (eventual consistency): then it still
            // exists, and deleting the store under it would leave it behind.
            if (tenant.ConfigurationProgress.RequestedAt + twilio.Value.ConsistencyWindow > time.GetUtcNow())
                throw new ProvisioningStepException($"Configuration {configurationId} is not visible yet; deleting it again shortly.", transient: true);
        }
        tenant.Erasure.RecordConfigurationDeleted(time.GetUtcNow());
        await checkpoint.SaveAsync(tenant);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {ClientId} is Deleted: {Outcome}")]
    private static partial void LogDeleted(ILogger logger, string clientId, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dedicated subaccount {AccountSid} of tenant {ClientId} is closed and leaves the pool")]
    private static partial void LogDedicatedSubaccountClosed(ILogger logger, string accountSid, string clientId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tenant {ClientId} could not be offboarded: {Error}")]
    private static partial void LogStuck(ILogger logger, string clientId, string error);
}
