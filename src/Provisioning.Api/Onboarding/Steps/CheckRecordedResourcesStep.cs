using Microsoft.Extensions.Options;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Onboarding.Steps;

/// <summary>An admin's repair: trust no recorded id until Twilio confirms it (M3, C3); forget what is gone, so the next steps recreate it.</summary>
public sealed class CheckRecordedResourcesStep(MemoryClient memory, ConversationsClient conversations, TimeProvider time, IOptions<TwilioOptions> twilioOptions)
{
    public async Task<StepOutcome> RunAsync(OnboardingRun run, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        var credentials = await run.CredentialsAsync(cancellationToken);

        // A 404 means "gone" only once reads have caught up with our last create (eventual consistency).
        var settledAt = new[] { tenant.StoreProgress.CreateRequestedAt, tenant.ConfigurationProgress.RequestedAt }.Max() + twilioOptions.Value.ConsistencyWindow;
        if (settledAt > time.GetUtcNow())
            await Task.Delay(settledAt.Value - time.GetUtcNow(), time, cancellationToken);

        if (tenant.MemoryStoreId is { } storeId && await memory.FetchStoreAsync(credentials, storeId, cancellationToken) is null)
            tenant.Onboarding.ForgetStore();
        if (tenant.OrchestratorConfigurationId is { } configurationId)
        {
            var configuration = await conversations.FetchConfigurationAsync(credentials, configurationId, cancellationToken);
            if (configuration is null) tenant.Onboarding.ForgetConfiguration();
            // A configuration pointing elsewhere, or whose settings someone changed, is replaced by a later step.
            else if (TenantConfigurationDocument.Drifts(configuration, tenant.Orchestrator)) tenant.Onboarding.RecordConfiguredStore(null);
            else if (configuration.MemoryStoreId != tenant.ConfigurationProgress.ConfiguredStoreId) tenant.Onboarding.RecordConfiguredStore(configuration.MemoryStoreId);
        }
        tenant.Onboarding.RecordRepairChecked();
        return StepOutcome.Continue;
    }
}
