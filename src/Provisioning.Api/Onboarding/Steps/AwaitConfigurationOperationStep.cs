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

        OperationStatus operation;
        try
        {
            operation = await poller.WaitForEndAsync(ct => conversations.GetOperationAsync(credentials, operationId, ct), cancellationToken);
        }
        catch (TwilioApiException e) when (e.IsNotFound)
        {
            // Twilio no longer knows the operation (operations are kept 7 days, contract §12 P5): not a failure; the
            // configuration is looked for by the id the 202 gave, or by its store and name.
            return await FallBackToLookupAsync(tenant, credentials, cancellationToken);
        }
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
    /// The configuration a lost operation stood for: fetched by the id the 202 gave, else listed by store and name (C2)
    /// until lists have caught up. Found nowhere, the create is forgotten and made again (under a new Idempotency-Key).
    /// </summary>
    private async Task<StepOutcome> FallBackToLookupAsync(Tenant tenant, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var found = tenant.OrchestratorConfigurationId is { } recorded
            ? await conversations.FetchConfigurationAsync(credentials, recorded, cancellationToken)
            : null;
        if (found is null)
        {
            var visibleBy = (tenant.ConfigurationProgress.RequestedAt ?? time.GetUtcNow()) + twilioOptions.Value.ConsistencyWindow;
            while ((found = await lookup.FindConfigurationAsync(tenant, credentials, cancellationToken)) is null && time.GetUtcNow() <= visibleBy)
                await poller.DelayAsync(null, cancellationToken);
        }
        if (found is null)
        {
            tenant.Onboarding.RecordConfigurationFailed();
            return StepOutcome.RetryLater($"Twilio no longer knows the create operation of configuration {tenant.MemoryStoreName}, and no such configuration exists; it is created again.");
        }
        tenant.Onboarding.RecordConfigurationCreated(found.Id);
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
