namespace Provisioning.Api.Onboarding;

/// <summary>What <see cref="OnboardingPlanner"/> says comes next: a step, and the retired store it acts on, for those that act on one.</summary>
public sealed record OnboardingStep(OnboardingStepKind Kind, Guid? RetiredStoreId = null)
{
    public static OnboardingStep ReserveSlot { get; } = new(OnboardingStepKind.ReserveSlot);
    public static OnboardingStep CheckRecordedResources { get; } = new(OnboardingStepKind.CheckRecordedResources);
    public static OnboardingStep FindOrCreateStore { get; } = new(OnboardingStepKind.FindOrCreateStore);
    public static OnboardingStep AwaitStoreOperation { get; } = new(OnboardingStepKind.AwaitStoreOperation);
    public static OnboardingStep AwaitStoreActive { get; } = new(OnboardingStepKind.AwaitStoreActive);
    public static OnboardingStep ApplyBlueprint { get; } = new(OnboardingStepKind.ApplyBlueprint);
    public static OnboardingStep CreateConfiguration { get; } = new(OnboardingStepKind.CreateConfiguration);
    public static OnboardingStep AwaitConfigurationOperation { get; } = new(OnboardingStepKind.AwaitConfigurationOperation);
    public static OnboardingStep UpdateConfiguration { get; } = new(OnboardingStepKind.UpdateConfiguration);
    public static OnboardingStep MarkReady { get; } = new(OnboardingStepKind.MarkReady);
    public static OnboardingStep Done { get; } = new(OnboardingStepKind.Done);

    public static OnboardingStep RenameRetiredStore(Guid retiredStoreId) => new(OnboardingStepKind.RenameRetiredStore, retiredStoreId);

    public static OnboardingStep DeleteRetiredStore(Guid retiredStoreId) => new(OnboardingStepKind.DeleteRetiredStore, retiredStoreId);

    /// <summary>Whether the run ends here, with nothing for Twilio.</summary>
    public bool EndsRun => Kind is OnboardingStepKind.MarkReady or OnboardingStepKind.Done;

    public override string ToString() => RetiredStoreId is { } id ? $"{Kind}({id})" : Kind.ToString();
}
