using Provisioning.Api.Tenants;

namespace Provisioning.Api.Onboarding.Steps;

/// <summary>Runs the step the planner named, through <see cref="OnboardingStepBoundary"/>, so that whatever it meets comes back as an outcome.</summary>
public sealed class OnboardingSteps(
    ReserveSlotStep reserveSlot,
    CheckRecordedResourcesStep checkRecordedResources,
    RenameRetiredStoreStep renameRetiredStore,
    FindOrCreateStoreStep findOrCreateStore,
    AwaitStoreOperationStep awaitStoreOperation,
    AwaitStoreActiveStep awaitStoreActive,
    ApplyBlueprintStep applyBlueprint,
    CreateConfigurationStep createConfiguration,
    AwaitConfigurationOperationStep awaitConfigurationOperation,
    UpdateConfigurationStep updateConfiguration,
    DeleteRetiredStoreStep deleteRetiredStore)
{
    public Task<StepOutcome> RunAsync(OnboardingStep step, OnboardingRun run, CancellationToken cancellationToken) =>
        OnboardingStepBoundary.RunAsync(() => step.Kind switch
        {
            OnboardingStepKind.ReserveSlot => reserveSlot.RunAsync(run, cancellationToken),
            OnboardingStepKind.CheckRecordedResources => checkRecordedResources.RunAsync(run, cancellationToken),
            OnboardingStepKind.RenameRetiredStore => renameRetiredStore.RunAsync(run, run.RetiredStore(step.RetiredStoreId!.Value), cancellationToken),
            OnboardingStepKind.FindOrCreateStore => findOrCreateStore.RunAsync(run, cancellationToken),
            OnboardingStepKind.AwaitStoreOperation => awaitStoreOperation.RunAsync(run, cancellationToken),
            OnboardingStepKind.AwaitStoreActive => awaitStoreActive.RunAsync(run, cancellationToken),
            OnboardingStepKind.ApplyBlueprint => applyBlueprint.RunAsync(run, cancellationToken),
            OnboardingStepKind.CreateConfiguration => createConfiguration.RunAsync(run, cancellationToken),
            OnboardingStepKind.AwaitConfigurationOperation => awaitConfigurationOperation.RunAsync(run, cancellationToken),
            OnboardingStepKind.UpdateConfiguration => updateConfiguration.RunAsync(run, cancellationToken),
            OnboardingStepKind.DeleteRetiredStore => deleteRetiredStore.RunAsync(run, run.RetiredStore(step.RetiredStoreId!.Value), cancellationToken),
            _ => throw new InvalidOperationException($"{step} is not a step with work at Twilio; the saga ends the run on it."),
        });

    /// <summary>The steps, for dependency injection.</summary>
    public static IServiceCollection Register(IServiceCollection services) => services
        .AddScoped<ReserveSlotStep>()
        .AddScoped<CheckRecordedResourcesStep>()
        .AddScoped<RenameRetiredStoreStep>()
        .AddScoped<FindOrCreateStoreStep>()
        .AddScoped<AwaitStoreOperationStep>()
        .AddScoped<AwaitStoreActiveStep>()
        .AddScoped<ApplyBlueprintStep>()
        .AddScoped<CreateConfigurationStep>()
        .AddScoped<AwaitConfigurationOperationStep>()
        .AddScoped<UpdateConfigurationStep>()
        .AddScoped<DeleteRetiredStoreStep>()
        .AddScoped<StoreCapRelocation>()
        .AddScoped<FailedStoreReplacement>()
        .AddScoped<OnboardingSteps>();
}
