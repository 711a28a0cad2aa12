using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Onboarding.Steps;

/// <summary>
/// Replaces the configuration when it references another store or lacks the tenant's latest settings:
/// fetch (C3), the whole body with our part changed, PUT (C4) with an Idempotency-Key saved first and reused
/// only for the same settings revision, then poll (C7). Never PATCH: the live service refuses it (L2).
/// </summary>
public sealed class UpdateConfigurationStep(ConversationsClient conversations, OperationPoller poller)
{
    public async Task<StepOutcome> RunAsync(OnboardingRun run, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        var credentials = await run.CredentialsAsync(cancellationToken);

        var revision = tenant.SettingsRevision;
        var settings = tenant.Orchestrator;
        if (tenant.ConfigurationProgress.UpdateKey is not { } key || tenant.ConfigurationProgress.UpdateRevision != revision)
        {
            key = Guid.NewGuid();
            tenant.Onboarding.RecordConfigurationUpdateRequested(key, revision);
            await run.SaveAsync();
        }
        var configurationId = tenant.OrchestratorConfigurationId!;
        var current = await conversations.FetchConfigurationAsync(credentials, configurationId, cancellationToken);
        if (current is null)
            return StepOutcome.RetryLater($"Configuration {configurationId} is not visible at Twilio; a repair recreates it if it is gone.");
        var accepted = await conversations.ReplaceConfigurationAsync(credentials, configurationId,
            TenantConfigurationDocument.ForReplace(tenant, current), key, cancellationToken);
        var operation = await poller.WaitForEndAsync(accepted, (id, ct) => conversations.GetOperationAsync(credentials, id, ct), cancellationToken);
        if (operation.State != OperationState.Completed)
        {
            // The key would only replay this failure: the next attempt sends the replacement under a new one.
            tenant.Onboarding.RecordConfigurationUpdateRequested(Guid.NewGuid(), revision);
            return StepOutcome.RetryLater($"Replacing configuration {configurationId} ended {operation.State}: {operation.Error}");
        }
        tenant.Onboarding.RecordConfigurationUpdated(revision, settings);
        return StepOutcome.Continue;
    }
}
