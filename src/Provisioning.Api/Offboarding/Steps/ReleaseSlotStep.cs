using Provisioning.Api.Accounts;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Offboarding.Steps;

/// <summary>
/// The tenant has no store (never had one, or it is gone): its slot goes back, in the transaction that records so on
/// the tenant, so a rerun after a crash cannot give it back twice.
/// </summary>
public sealed class ReleaseSlotStep(SlotLedger slotLedger, UnitOfWork unitOfWork, TimeProvider time)
{
    public async Task<StepOutcome> RunAsync(OffboardingRun run, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        await unitOfWork.ExecuteAsync(async ct =>
        {
            await slotLedger.StageSlotReleaseAsync(tenant.AccountSid!, ct);
            tenant.Erasure.RecordSlotReleased(time.GetUtcNow());
            await run.SaveAsync();
        }, cancellationToken);
        return StepOutcome.Continue;
    }
}
