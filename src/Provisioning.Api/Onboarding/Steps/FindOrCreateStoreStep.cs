using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Onboarding.Steps;

/// <summary>
/// The tenant's store by name (M2, M3), else a create (M1): its time is saved before the call, its operation id right
/// after, so that a run dying in between neither loses a store nor makes a second one. Names are unique per account
/// (contract §12 P1): a create refused with 520045 adopts the store that holds the tenant's name when it is the
/// tenant's; one refused with 520044 (P2) moves the tenant to another account.
/// </summary>
public sealed class FindOrCreateStoreStep(
    TenantResourceLookup lookup,
    MemoryClient memory,
    StoreCapRelocation capRelocation,
    OperationPoller poller,
    TimeProvider time)
{
    /// <summary>Twilio's code for "Memory store already exists" (the display name is taken in the account).</summary>
    public const int StoreAlreadyExists = 520045;

    public async Task<StepOutcome> RunAsync(OnboardingRun run, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        var credentials = await run.CredentialsAsync(cancellationToken);

        // An earlier create may have succeeded with its answer lost, and Twilio's lists lag writes: never create
        // again until a lookup made after the consistency window still finds nothing.
        var existing = await lookup.FindStoreOnceSettledAsync(tenant, credentials, tenant.StoreProgress.CreateRequestedAt, cancellationToken);
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
            if (e.TwilioCode == StoreAlreadyExists) return await AdoptNameHolderAsync(run, credentials, e, cancellationToken);
            // 520044 says the account is full; any other refusal is checked against a count of the stores.
            if (!e.IsTransient && await capRelocation.TryRelocateAsync(run, credentials, e.TwilioCode, cancellationToken))
                throw new AccountFullException("store", e.Message);
            throw;
        }
        tenant.Onboarding.RecordStoreOperation(accepted.OperationId);
        await run.SaveAsync();
        await poller.DelayAsync(accepted.RetryAfter, cancellationToken);
        return StepOutcome.Continue;
    }

    /// <summary>
    /// 520045: a store named for the tenant exists in its account, though the lookup before the create missed it (a
    /// create whose answer was lost, lists lagging). It is the tenant's when no other tenant, retired store or foreign
    /// record claims it: adopted, it goes on like a found store (a FAILED one is deleted and created again, P3).
    /// </summary>
    private async Task<StepOutcome> AdoptNameHolderAsync(OnboardingRun run, TwilioCredentials credentials, TwilioApiException refusal,
        CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        var holder = await lookup.FindStoreOnceSettledAsync(tenant, credentials, time.GetUtcNow(), cancellationToken);
        if (holder is not null)
        {
            tenant.Onboarding.RecordStore(holder.Id);
            return StepOutcome.Continue;
        }
        return StepOutcome.RetryLater($"Twilio refused the store {tenant.MemoryStoreName} as a duplicate name ({refusal.Message}), " +
                                      "but the store holding the name is not one this tenant may adopt (another tenant's, a retired or a foreign store).");
    }

    private static string StoreDescription(Tenant tenant) =>
        tenant.DisplayName ?? $"Conversation Memory of client {tenant.ClientId}";
}
