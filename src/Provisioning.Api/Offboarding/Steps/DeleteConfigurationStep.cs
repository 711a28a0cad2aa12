using Microsoft.Extensions.Options;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Offboarding.Steps;

/// <summary>
/// Deletes the configuration (C6) with an Idempotency-Key saved first, and waits for its operation, so that nothing
/// references the store when it is deleted.
/// </summary>
public sealed class DeleteConfigurationStep(ConversationsClient conversations, OperationPoller poller, TimeProvider time, IOptions<TwilioOptions> twilioOptions)
{
    public async Task<StepOutcome> RunAsync(OffboardingRun run, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        var credentials = await run.CredentialsAsync(cancellationToken);
        var configurationId = tenant.OrchestratorConfigurationId!;

        if (tenant.ConfigurationProgress.UpdateKey is not { } key)
        {
            key = Guid.NewGuid();
            tenant.Erasure.RecordConfigurationDeleteRequested(key);
            await run.SaveAsync();
        }
        try
        {
            var accepted = await conversations.DeleteConfigurationAsync(credentials, configurationId, key, cancellationToken);
            var operation = await poller.WaitForEndAsync(accepted, (id, ct) => conversations.GetOperationAsync(credentials, id, ct), cancellationToken);
            if (operation.State != OperationState.Completed)
                return StepOutcome.RetryLater($"Deleting configuration {configurationId} ended {operation.State}: {operation.Error}");
        }
        catch (TwilioApiException e) when (e.IsNotFound)
        {
            // Gone, unless reads have not caught up with its create yet (eventual consistency): then it still
            // exists, and deleting the store under it would leave it behind.
            if (tenant.ConfigurationProgress.RequestedAt + twilioOptions.Value.ConsistencyWindow > time.GetUtcNow())
                return StepOutcome.RetryLater($"Configuration {configurationId} is not visible yet; deleting it again shortly.");
        }
        tenant.Erasure.RecordConfigurationDeleted(time.GetUtcNow());
        return StepOutcome.Continue;
    }
}
