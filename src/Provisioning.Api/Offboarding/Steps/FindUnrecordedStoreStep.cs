using Microsoft.Extensions.Options;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Offboarding.Steps;

/// <summary>
/// A store create sent without its outcome recorded (the answer lost, the run failed before it looked again) may have
/// left a store the tenant has no id for. Erasure must find it, so: the create's operation if it is known, else a
/// lookup by name once Twilio's reads have caught up with the create. Either way the create is settled.
/// </summary>
public sealed class FindUnrecordedStoreStep(
    MemoryClient memory,
    TenantResourceLookup lookup,
    OperationPoller poller,
    TimeProvider time,
    IOptions<TwilioOptions> twilioOptions)
{
    public async Task<StepOutcome> RunAsync(OffboardingRun run, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        var credentials = await run.CredentialsAsync(cancellationToken);
        var storeId = await StoreFromOperationAsync(tenant, credentials, cancellationToken);
        if (storeId is null)
        {
            var visibleBy = tenant.StoreProgress.CreateRequestedAt!.Value + twilioOptions.Value.ConsistencyWindow;
            if (visibleBy > time.GetUtcNow()) await Task.Delay(visibleBy - time.GetUtcNow(), time, cancellationToken);
            storeId = (await lookup.FindStoreAsync(tenant, credentials, cancellationToken))?.Id;
        }
        tenant.Erasure.RecordStoreFound(storeId);
        return StepOutcome.Continue;
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
}
