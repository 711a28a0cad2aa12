using Microsoft.Extensions.Options;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Onboarding.Steps;

/// <summary>
/// The tenant's store by name (M2, M3), else a create (M1): its time is saved before the call, its operation id right
/// after, so that a run dying in between neither loses a store nor makes a second one.
/// </summary>
public sealed class FindOrCreateStoreStep(
    TenantResourceLookup lookup,
    MemoryClient memory,
    StoreCapRelocation capRelocation,
    OperationPoller poller,
    TimeProvider time,
    IOptions<TwilioOptions> twilioOptions)
{
    public async Task<StepOutcome> RunAsync(OnboardingRun run, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        var credentials = await run.CredentialsAsync(cancellationToken);

        var existing = await lookup.FindStoreAsync(tenant, credentials, cancellationToken);
        if (existing is null && tenant.StoreProgress.CreateRequestedAt is { } requestedAt)
        {
            // An earlier create may have succeeded with its answer lost, and Twilio's lists lag writes.
            // Never create again until a lookup made after the consistency window still finds nothing.
            var visibleBy = requestedAt + twilioOptions.Value.ConsistencyWindow;
            if (visibleBy > time.GetUtcNow())
            {
                await Task.Delay(visibleBy - time.GetUtcNow(), time, cancellationToken);
                existing = await lookup.FindStoreAsync(tenant, credentials, cancellationToken);
            }
        }

        if (existing is not null)
        {
            tenant.Onboarding.RecordStore(existing.Id);
            return StepOutcome.Continue;
        }

        tenant.Onboarding.RecordStoreCreateRequested(time.GetUtcNow());
        await run.SaveAsync();
        AcceptedOperation accepted;
        try
        {
            accepted = await memory.CreateStoreAsync(credentials, tenant.MemoryStoreName, StoreDescription(tenant), cancellationToken);
        }
        catch (TwilioApiException e) when (!e.OutcomeUnknown)
        {
            tenant.Onboarding.RecordStoreCreateRefused();
            await run.SaveAsync();
            // Twilio documents no error for the store cap: a refusal is checked against a count of the stores.
            if (!e.IsTransient && await capRelocation.TryRelocateAsync(run, credentials, cancellationToken))
                throw new AccountFullException("store", e.Message);
            throw;
        }
        tenant.Onboarding.RecordStoreOperation(accepted.OperationId);
        await run.SaveAsync();
        await poller.DelayAsync(accepted.RetryAfter, cancellationToken);
        return StepOutcome.Continue;
    }

    private static string StoreDescription(Tenant tenant) =>
        tenant.DisplayName ?? $"Conversation Memory of client {tenant.ClientId}";
}
