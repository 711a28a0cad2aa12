using Provisioning.Api.Accounts;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Offboarding.Steps;

/// <summary>
/// The tenant has no store (never had one, or it is gone): its slot goes back, in the transaction that records so on
/// the tenant, so a rerun after a crash cannot give it back twice.
/// </summary>
public sealed class ReleaseSlotStep(SlotLedger slotLedger, TimeProvider time)
{
    public async Task<StepOutcome> RunAsync(OffboardingRun run, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        await slotLedger.ReleaseSlotAsync(tenant.AccountSid!, () => tenant.Erasure.RecordSlotReleased(time.GetUtcNow()), cancellationToken);
        return StepOutcome.Continue;
    }
}
