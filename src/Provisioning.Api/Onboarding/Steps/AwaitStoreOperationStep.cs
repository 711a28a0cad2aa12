using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Onboarding.Steps;

/// <summary>The store create's operation (M6), polled until it ends, for the store id; a create that failed at the account's cap moves the tenant.</summary>
public sealed class AwaitStoreOperationStep(MemoryClient memory, StoreCapRelocation capRelocation, OperationPoller poller)
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
            // The operation is gone (expired, say). The create did happen, so the next attempt finds the store by name.
            tenant.Onboarding.RecordStoreOperationLost();
            return StepOutcome.RetryLater("The store create operation is no longer known to Twilio; looking the store up again.");
        }

        if (operation is { State: OperationState.Completed, ResultId: { } storeId })
        {
            tenant.Onboarding.RecordStore(storeId);
            return StepOutcome.Continue;
        }

        tenant.Onboarding.RecordStoreOperationFailed();
        await run.SaveAsync();
        if (operation.State == OperationState.Failed && await capRelocation.TryRelocateAsync(run, credentials, cancellationToken))
            throw new AccountFullException("store", operation.Error ?? "store create failed");
        return StepOutcome.RetryLater($"Memory Store create ended {operation.State}: {operation.Error ?? "no store id"}");
    }
}
