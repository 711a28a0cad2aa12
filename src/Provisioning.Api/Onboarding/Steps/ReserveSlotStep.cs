using Provisioning.Api.Accounts;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Onboarding.Steps;

/// <summary>A slot in one account before any store exists; the tenant keeps that account on every retry. No account with room: a wait for capacity.</summary>
public sealed class ReserveSlotStep(SlotLedger slotLedger)
{
    public async Task<StepOutcome> RunAsync(OnboardingRun run, CancellationToken cancellationToken)
    {
        await slotLedger.ReserveSlotAsync(run.Tenant, cancellationToken);
        return StepOutcome.Continue;
    }
}
