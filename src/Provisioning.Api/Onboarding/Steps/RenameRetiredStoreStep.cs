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
        try
        {
            var accepted = await memory.RenameStoreAsync(credentials, retired.StoreId, retired.RetiredName, cancellationToken);
            var operation = await poller.WaitForEndAsync(accepted, (id, ct) => memory.GetOperationAsync(credentials, id, ct), cancellationToken);
            if (operation.State != OperationState.Completed)
                return StepOutcome.RetryLater($"Renaming retired store {retired.StoreId} to {retired.RetiredName} ended {operation.State}: {operation.Error}; the new store waits for the name.");
            if (await IsRenamedAsync(retired, credentials, cancellationToken)) run.Tenant.Onboarding.RecordRetiredStoreRenamed(retired);
            else run.Tenant.Onboarding.RecordRetiredStoreDeleted(retired, time.GetUtcNow());
        }
        catch (TwilioApiException e) when (e.IsNotFound)
        {
            // Already gone at Twilio: nothing holds the name any more.
            run.Tenant.Onboarding.RecordRetiredStoreDeleted(retired, time.GetUtcNow());
        }
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
