using Provisioning.Api.Accounts;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Onboarding.Steps;

/// <summary>
/// Twilio refused a store create in the tenant's account (the create itself, or its operation). Twilio documents no
/// error for the store cap, so the account's stores are counted (M2), outside any transaction; at the cap, one unit of
/// work gives the tenant's slot back, records the stores that are not ours, unassigns the tenant (so that it is placed
/// in another account) and saves it.
/// </summary>
public sealed class StoreCapRelocation(ForeignResources foreignResources, SlotLedger slotLedger, UnitOfWork unitOfWork)
{
    /// <summary>True when the account was at its cap and the tenant left it; false when the cap is not the reason.</summary>
    public async Task<bool> TryRelocateAsync(OnboardingRun run, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        if (await foreignResources.StoresAtCapAsync(tenant.AccountSid!, credentials, cancellationToken) is not (var stores, var foreign)) return false;
        await unitOfWork.ExecuteAsync(async ct =>
        {
            await slotLedger.StageRelocationAfterCapAsync(tenant, stores, foreign, ct);
            // Saves the foreign stores just recorded with the tenant.
            await run.SaveAsync();
        }, cancellationToken);
        return true;
    }
}
