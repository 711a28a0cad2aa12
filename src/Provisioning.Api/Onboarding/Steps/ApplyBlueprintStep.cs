using Provisioning.Api.Blueprints;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Onboarding.Steps;

/// <summary>
/// The ACTIVE store shaped by the tenant's blueprint revision (<see cref="StoreShaper"/>), before the configuration
/// exists: memory extraction writes traits only into groups the store has. The revision applied is recorded in the
/// same save as the step's end; a run that dies before reads the store again and adds only what is still missing.
/// </summary>
public sealed class ApplyBlueprintStep(BlueprintCatalog catalog, StoreShaper shaper)
{
    public async Task<StepOutcome> RunAsync(OnboardingRun run, CancellationToken cancellationToken)
    {
        var tenant = run.Tenant;
        var (name, revision) = (tenant.Blueprint.Name!, tenant.Blueprint.Revision!.Value);
        // Revisions are immutable and never deleted, so a missing one is a fault no retry mends.
        var content = (await catalog.FindRevisionAsync(name, revision, cancellationToken))?.Content
                      ?? throw new ProvisioningStepException($"Blueprint '{name}' has no revision {revision} to apply.", transient: false);
        var credentials = await run.CredentialsAsync(cancellationToken);
        await shaper.ApplyAsync(credentials, tenant.MemoryStoreId!, name, content, cancellationToken);
        tenant.Onboarding.RecordBlueprintApplied(revision);
        return StepOutcome.Continue;
    }
}
