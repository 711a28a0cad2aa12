using Microsoft.Extensions.Options;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Onboarding.Steps;

/// <summary>The configuration create's operation (C7), polled until it ends; the configuration's id from the 202, the operation, or a list (L3).</summary>
public sealed class AwaitConfigurationOperationStep(
    ConversationsClient conversations,
    TenantResourceLookup lookup,
    OperationPoller poller,
    TimeProvider time,
    IOptions<TwilioOptions> twilioOptions)
{
    public async Task<StepOutcome> RunAsync(OnboardingRun run, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        var credentials = await run.CredentialsAsync(cancellationToken);
        var operationId = tenant.ConfigurationProgress.OperationId!;

        var operation = await poller.WaitForEndAsync(ct => conversations.GetOperationAsync(credentials, operationId, ct), cancellationToken);
        if (operation.State != OperationState.Completed)
        {
            tenant.Onboarding.RecordConfigurationFailed();
            return StepOutcome.RetryLater($"Orchestrator configuration create ended {operation.State}: {operation.Error}");
        }

        var configurationId = tenant.OrchestratorConfigurationId ?? operation.ResultId ?? await FindNewConfigurationAsync(tenant, credentials, cancellationToken);
        tenant.Onboarding.RecordConfigurationCreated(configurationId);
        return StepOutcome.Continue;
    }

    /// <summary>
    /// Neither the 202 nor the operation named the new configuration (L3): list by the tenant's store and match
    /// its name, until lists have caught up with the create (the consistency window).
    /// </summary>
    private async Task<string> FindNewConfigurationAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var visibleBy = (tenant.ConfigurationProgress.RequestedAt ?? time.GetUtcNow()) + twilioOptions.Value.ConsistencyWindow;
        while (true)
        {
            if (await lookup.FindConfigurationAsync(tenant, credentials, cancellationToken) is { } found) return found.Id;
            if (time.GetUtcNow() > visibleBy)
                // The operation and the key stay: the next attempt polls it again and looks again.
                throw new ProvisioningStepException($"The configuration {tenant.MemoryStoreName} Twilio created is not listed yet.", transient: true);
            await poller.DelayAsync(null, cancellationToken);
        }
    }
}
