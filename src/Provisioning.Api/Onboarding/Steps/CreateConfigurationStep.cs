using Provisioning.Api.Accounts;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Api.Offboarding;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Onboarding.Steps;

/// <summary>
/// Creates the configuration (C1), with the tenant's channels as capture rules, referencing its ACTIVE store. Its
/// Idempotency-Key is saved before the call, so a rerun within Twilio's 24 h replays the same answer instead of
/// creating a second configuration. Past that, it is looked up by name first. A refusal at the account's
/// configuration cap (L1) moves the tenant, its store deleted, to another account.
/// </summary>
public sealed class CreateConfigurationStep(
    TenantResourceLookup lookup,
    ConversationsClient conversations,
    ForeignResources foreignResources,
    StoreDeletion storeDeletion,
    SlotLedger slotLedger,
    UnitOfWork unitOfWork,
    OperationPoller poller,
    TimeProvider time)
{
    /// <summary>Twilio keeps keys 24 h; stop trusting one an hour before that.</summary>
    private static readonly TimeSpan IdempotencyKeyLifetime = TimeSpan.FromHours(23);

    public async Task<StepOutcome> RunAsync(OnboardingRun run, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        var credentials = await run.CredentialsAsync(cancellationToken);

        var key = tenant.ConfigurationProgress.IdempotencyKey;
        if (key is null || time.GetUtcNow() - tenant.ConfigurationProgress.RequestedAt > IdempotencyKeyLifetime)
        {
            if (key is not null)
            {
                var existing = await lookup.FindConfigurationAsync(tenant, credentials, cancellationToken);
                if (existing is not null)
                {
                    // Made with the settings of its time: if they changed since, the update step brings them up to date.
                    tenant.Onboarding.RecordConfiguration(existing.Id, operationId: null, revision: 0, tenant.Orchestrator);
                    return StepOutcome.Continue;
                }
            }
            key = Guid.NewGuid();
            tenant.Onboarding.RecordConfigurationRequested(key.Value, time.GetUtcNow());
            await run.SaveAsync();
        }

        AcceptedConfiguration accepted;
        var revision = tenant.SettingsRevision;
        var settings = tenant.Orchestrator;
        try
        {
            accepted = await conversations.CreateConfigurationAsync(credentials, TenantConfigurationDocument.ForCreate(tenant), key.Value, cancellationToken);
        }
        catch (TwilioApiException e) when (!e.OutcomeUnknown && !e.IsTransient)
        {
            // Refused as invalid: the key would only replay the refusal, so the next attempt gets a new one.
            tenant.Onboarding.RecordConfigurationFailed();
            await run.SaveAsync();
            if (await foreignResources.ForeignConfigurationsAtCapAsync(tenant, credentials, cancellationToken) is { } foreign)
            {
                // Committed before the store's deletion: the account counts as full even if the deletion fails.
                await unitOfWork.ExecuteAsync(async ct =>
                {
                    await foreignResources.StageForeignConfigurationsAsync(tenant.AccountSid!, foreign, ct);
                    await run.SaveAsync();
                }, cancellationToken);
                await LeaveFullAccountAsync(run, credentials, cancellationToken);
                throw new AccountFullException("configuration", e.Message);
            }
            throw;
        }
        tenant.Onboarding.RecordConfiguration(accepted.ConfigurationId, accepted.Operation.OperationId, revision, settings);
        await run.SaveAsync();
        await poller.DelayAsync(accepted.Operation.RetryAfter, cancellationToken);
        return StepOutcome.Continue;
    }

    /// <summary>
    /// Leaves an account that has no configuration slot for the tenant after all, without leaving its store
    /// behind: the store is deleted (M5) and its slot given back; if Twilio refuses, it stays, retired and counted,
    /// and offboarding deletes it later.
    /// </summary>
    private async Task LeaveFullAccountAsync(OnboardingRun run, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        var refusal = tenant.MemoryStoreId is { } storeId ? await storeDeletion.DeleteAsync(credentials, storeId, cancellationToken) : null;
        await unitOfWork.ExecuteAsync(async ct =>
        {
            await slotLedger.StageLeaveAccountAsync(tenant, refusal, ct);
            await run.SaveAsync();
        }, cancellationToken);
    }
}
