using Provisioning.Api.Offboarding;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Onboarding.Steps;

/// <summary>
/// A recreate's old store, deleted (M5) now that the configuration no longer references it; its slot is freed once it
/// is gone. A refusal is recorded on the store, which then waits for offboarding.
/// </summary>
public sealed class DeleteRetiredStoreStep(StoreDeletion storeDeletion)
{
    public async Task<StepOutcome> RunAsync(OnboardingRun run, RetiredStore retired, CancellationToken cancellationToken)
    {
        var credentials = await run.CredentialsAsync(cancellationToken);
        await storeDeletion.DeleteRetiredStoreAsync(run.Tenant.Onboarding, retired, credentials, cancellationToken);
        return StepOutcome.Continue;
    }
}
