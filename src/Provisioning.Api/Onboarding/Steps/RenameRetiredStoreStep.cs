using Microsoft.Extensions.Options;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Onboarding.Steps;

/// <summary>
/// A recreate's old store gives up the tenant's name (M4). Twilio applies a rename asynchronously, so it counts as
/// done only once its operation COMPLETED and the store is seen under the retired name: until then no new store may
/// take the name (it would be refused as a duplicate, or, were duplicates allowed, leave two stores by the tenant's
/// name). A rename sent again is harmless: it sets the same name.
/// </summary>
public sealed class RenameRetiredStoreStep(MemoryClient memory, OperationPoller poller, TimeProvider time, IOptions<TwilioOptions> twilioOptions)
{
    public async Task<StepOutcome> RunAsync(OnboardingRun run, RetiredStore retired, CancellationToken cancellationToken)
    {
        var credentials = await run.CredentialsAsync(cancellationToken);
        AcceptedOperation? accepted;
        try
        {
            accepted = await memory.RenameStoreAsync(credentials, retired.StoreId, retired.RetiredName, cancellationToken);
        }
        catch (TwilioApiException e) when (e.IsNotFound)
        {
            // Already gone at Twilio: nothing holds the name any more.
            run.Tenant.Onboarding.RecordRetiredStoreDeleted(retired, time.GetUtcNow());
            return StepOutcome.Continue;
        }

        // A 200 was applied at once; a 202 is polled (§12 P6). Either way the store itself says whether it is renamed.
        if (accepted is not null)
        {
            try
            {
                var operation = await poller.WaitForEndAsync(accepted, (id, ct) => memory.GetOperationAsync(credentials, id, ct), cancellationToken);
                if (operation.State != OperationState.Completed)
                    return StepOutcome.RetryLater($"Renaming retired store {retired.StoreId} to {retired.RetiredName} ended {operation.State}: {operation.Error}; the new store waits for the name.");
            }
            catch (TwilioApiException e) when (e.IsNotFound)
            {
                // The operation is no longer known (520052, §12 P5): not a failure; the store is looked at instead.
            }
        }
        if (await IsRenamedAsync(retired, credentials, cancellationToken)) run.Tenant.Onboarding.RecordRetiredStoreRenamed(retired);
        else run.Tenant.Onboarding.RecordRetiredStoreDeleted(retired, time.GetUtcNow());
        return StepOutcome.Continue;
    }

    /// <summary>
    /// True once the store is seen under its retired name, false if it is gone; reads get the consistency window to
    /// catch up with the rename.
    /// </summary>
    private async Task<bool> IsRenamedAsync(RetiredStore retired, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var visibleBy = time.GetUtcNow() + twilioOptions.Value.ConsistencyWindow;
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
}
