using Provisioning.Api.Tenants;

namespace Provisioning.Api.Offboarding.Steps;

/// <summary>Runs the step the planner named, through <see cref="OffboardingStepBoundary"/>, so that whatever it meets comes back as an outcome.</summary>
public sealed class OffboardingSteps(
    FindUnrecordedStoreStep findUnrecordedStore,
    FindUnrecordedConfigurationStep findUnrecordedConfiguration,
    DeleteConfigurationStep deleteConfiguration,
    RetireStoreStep retireStore,
    ReleaseSlotStep releaseSlot,
    EraseRetiredStoresStep eraseRetiredStores,
    CloseDedicatedSubaccountStep closeDedicatedSubaccount)
{
    public Task<StepOutcome> RunAsync(OffboardingStep step, OffboardingRun run, CancellationToken cancellationToken) =>
        OffboardingStepBoundary.RunAsync(() => step switch
        {
            OffboardingStep.FindUnrecordedStore => findUnrecordedStore.RunAsync(run, cancellationToken),
            OffboardingStep.FindUnrecordedConfiguration => findUnrecordedConfiguration.RunAsync(run, cancellationToken),
            OffboardingStep.DeleteConfiguration => deleteConfiguration.RunAsync(run, cancellationToken),
            OffboardingStep.RetireStore => retireStore.RunAsync(run),
            OffboardingStep.ReleaseSlot => releaseSlot.RunAsync(run, cancellationToken),
            OffboardingStep.EraseRetiredStores => eraseRetiredStores.RunAsync(run, cancellationToken),
            OffboardingStep.CloseDedicatedSubaccount => closeDedicatedSubaccount.RunAsync(run, cancellationToken),
            _ => throw new InvalidOperationException($"{step} is not a step with work at Twilio; the saga ends the run on it."),
        });

    /// <summary>The steps, for dependency injection.</summary>
    public static IServiceCollection Register(IServiceCollection services) => services
        .AddScoped<FindUnrecordedStoreStep>()
        .AddScoped<FindUnrecordedConfigurationStep>()
        .AddScoped<DeleteConfigurationStep>()
        .AddScoped<RetireStoreStep>()
        .AddScoped<ReleaseSlotStep>()
        .AddScoped<EraseRetiredStoresStep>()
        .AddScoped<CloseDedicatedSubaccountStep>()
        .AddScoped<OffboardingSteps>();
}
