using Provisioning.Api.Accounts;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Api.Offboarding;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Onboarding.Steps;

/// <summary>
/// A tenant's store that Twilio reports FAILED (contract §12 P3): "If provisioning failed, delete the store and create a
/// new one", and until it is deleted it holds the tenant's name (names are unique per account, P1). It is deleted (M5),
/// its delete operation awaited, recorded as a retired store that is gone, and the store starts over under the same
/// name. Each FAILED store spends one attempt of the tenant's retry budget (<c>Provisioning:MaxAttempts</c>), so a
/// store that keeps failing ends with the tenant Failed and the reason. Should Twilio refuse the delete, the store
/// keeps the name in this account: it stays, retired and counted, and the tenant moves to another account.
/// </summary>
public sealed class FailedStoreReplacement(StoreDeletion storeDeletion, SlotLedger slotLedger, UnitOfWork unitOfWork, TimeProvider time)
{
    public async Task<StepOutcome> ReplaceAsync(OnboardingRun run, MemoryStore store, TwilioCredentials credentials, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        var failure = $"Twilio reports Memory Store {store.Id} ({store.DisplayName}) FAILED";
        var refusal = await storeDeletion.DeleteAsync(credentials, store.Id, cancellationToken);
        if (refusal is not null)
        {
            await unitOfWork.ExecuteAsync(async ct =>
            {
                await slotLedger.StageLeaveAccountAsync(tenant, refusal, ct);
                await run.SaveAsync();
            }, cancellationToken);
            return new StepOutcome.Replace($"{failure}, and it could not be deleted ({refusal}): it holds the name {tenant.MemoryStoreName} in this account, so the tenant moves to another.");
        }

        tenant.Onboarding.RecordFailedStoreDeleted(time.GetUtcNow(), failure);
        return StepOutcome.RetryLater($"{failure}; it was deleted, and a new store named {tenant.MemoryStoreName} is created.");
    }
}
