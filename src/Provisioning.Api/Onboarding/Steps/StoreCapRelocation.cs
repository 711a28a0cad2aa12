using Provisioning.Api.Accounts;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Onboarding.Steps;

/// <summary>
/// Twilio refused a store create in the tenant's account (the create itself, or its operation). With code 520044
/// ("Memory store limit exceeded", contract §12 P2) the account is full, whatever our count says; otherwise the
/// account's stores are counted (M2), outside any transaction, to see whether the cap is the reason. When full, one
/// unit of work gives the tenant's slot back, records the stores that are not ours, counts the account full, unassigns
/// the tenant (so that it is placed in another account, never this one again while full) and saves it.
/// </summary>
public sealed class StoreCapRelocation(ForeignResources foreignResources, SlotLedger slotLedger, UnitOfWork unitOfWork)
{
    /// <summary>Twilio's code for "Memory store limit exceeded".</summary>
    public const int StoreLimitExceeded = 520044;

    /// <summary>True when the account was at its cap and the tenant left it; false when the cap is not the reason.</summary>
    public async Task<bool> TryRelocateAsync(OnboardingRun run, TwilioCredentials credentials, int? twilioCode, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        var twilioSaysFull = twilioCode == StoreLimitExceeded;
        var counted = twilioSaysFull
            ? await foreignResources.CountStoresAsync(tenant.AccountSid!, credentials, cancellationToken)
            : await foreignResources.StoresAtCapAsync(tenant.AccountSid!, credentials, cancellationToken);
        if (counted is not (var stores, var foreign)) return false;
        await unitOfWork.ExecuteAsync(async ct =>
        {
            await slotLedger.StageRelocationAfterCapAsync(tenant, stores, foreign, ct, twilioSaysFull);
            // Saves the foreign stores just recorded with the tenant.
            await run.SaveAsync();
        }, cancellationToken);
        return true;
    }
}
