using Microsoft.Extensions.Options;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Onboarding.Steps;

/// <summary>
/// Fetches the store (M3) until Twilio reports it ACTIVE: a configuration may reference it only from then on. A FAILED
/// store is deleted and created again (<see cref="FailedStoreReplacement"/>, contract §12 P3).
/// </summary>
public sealed class AwaitStoreActiveStep(
    MemoryClient memory,
    FailedStoreReplacement failedStores,
    OperationPoller poller,
    TimeProvider time,
    IOptions<ProvisioningOptions> provisioningOptions,
    IOptions<TwilioOptions> twilioOptions)
{
    public async Task<StepOutcome> RunAsync(OnboardingRun run, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        var credentials = await run.CredentialsAsync(cancellationToken);
        var stepTimeout = provisioningOptions.Value.StepTimeout;
        var deadline = time.GetUtcNow() + stepTimeout;
        DateTimeOffset? missingSince = null;
        while (true)
        {
            var store = await memory.FetchStoreAsync(credentials, tenant.MemoryStoreId!, cancellationToken);
            if (store is { IsActive: true })
            {
                tenant.Onboarding.RecordStoreActive(time.GetUtcNow());
                return StepOutcome.Continue;
            }
            if (store is { IsFailed: true })
                return await failedStores.ReplaceAsync(run, store, credentials, cancellationToken);

            if (store is null)
            {
                // Right after a create, a fetch may 404 for a while (eventual consistency). Past the window, it is gone.
                missingSince ??= time.GetUtcNow();
                if (time.GetUtcNow() - missingSince > twilioOptions.Value.ConsistencyWindow)
                {
                    var missingId = tenant.MemoryStoreId!;
                    tenant.Onboarding.ForgetStore();
                    return StepOutcome.RetryLater($"Memory Store {missingId} no longer exists at Twilio.");
                }
            }

            if (time.GetUtcNow() > deadline)
                return StepOutcome.RetryLater($"Memory Store {tenant.MemoryStoreId} is still {store?.Status ?? "not visible"} after {stepTimeout}.");
            await poller.DelayAsync(null, cancellationToken);
        }
    }
}
