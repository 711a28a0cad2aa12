using Provisioning.Api.Tenants;

namespace Provisioning.Api.Offboarding.Steps;

/// <summary>
/// The current store joins the retired ones, which hold its slot from now on, so that one step erases every store
/// the tenant ever had, in any account. Nothing at Twilio yet.
/// </summary>
public sealed class RetireStoreStep(TimeProvider time)
{
    public Task<StepOutcome> RunAsync(OffboardingRun run)
    {
        run.Tenant.Erasure.RetireStore(time.GetUtcNow());
        return Task.FromResult(StepOutcome.Continue);
    }
}
