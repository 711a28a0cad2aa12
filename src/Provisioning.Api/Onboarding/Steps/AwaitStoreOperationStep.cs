using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Onboarding.Steps;

/// <summary>
/// The store create's operation (M6), polled until it ends, for the store id. A create that failed at the account's
/// cap moves the tenant; one that failed otherwise may have left a FAILED store holding the tenant's name (contract
/// §12 P3), which is taken up so that it is deleted and the store created again. An operation Twilio no longer knows
/// (520052, kept 7 days: P5) is not a failure: the store is looked up by name.
/// </summary>
public sealed class AwaitStoreOperationStep(MemoryClient memory, TenantResourceLookup lookup, StoreCapRelocation capRelocation, OperationPoller poller)
{
    public async Task<StepOutcome> RunAsync(OnboardingRun run, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        var credentials = await run.CredentialsAsync(cancellationToken);
        var operationId = tenant.StoreProgress.OperationId!;

        OperationStatus operation;
        try
        {
            operation = await poller.WaitForEndAsync(ct => memory.GetOperationAsync(credentials, operationId, ct), cancellationToken);
        }
        catch (TwilioApiException e) when (e.IsNotFound)
        {
            // The create did happen (it was accepted): the next step finds the store by name, or creates it once
            // Twilio's lists have caught up with the create and still show none.
            tenant.Onboarding.RecordStoreOperationLost();
            return StepOutcome.Continue;
        }

        if (operation is { State: OperationState.Completed, ResultId: { } storeId })
        {
            tenant.Onboarding.RecordStore(storeId);
            return StepOutcome.Continue;
        }

        var requestedAt = tenant.StoreProgress.CreateRequestedAt;
        tenant.Onboarding.RecordStoreOperationFailed();
        await run.SaveAsync();
        if (operation.State == OperationState.Failed)
        {
            if (await capRelocation.TryRelocateAsync(run, credentials, operation.ErrorCode, cancellationToken))
                throw new AccountFullException("store", operation.Error ?? "store create failed");
            if (await lookup.FindStoreOnceSettledAsync(tenant, credentials, requestedAt, cancellationToken) is { } left)
            {
                tenant.Onboarding.RecordStore(left.Id);
                return StepOutcome.Continue;
            }
        }
        return StepOutcome.RetryLater($"Memory Store create ended {operation.State}: {operation.Error ?? "no store id"}");
    }
}
