namespace Provisioning.Api.Onboarding;

/// <summary>The steps of onboarding, in the order <see cref="OnboardingPlanner"/> considers them.</summary>
public enum OnboardingStepKind
{
    /// <summary>A slot in one account before any store exists (PostgreSQL; the pool may grow).</summary>
    ReserveSlot,

    /// <summary>An admin's repair: check the recorded store and configuration at Twilio, forget what is gone.</summary>
    CheckRecordedResources,

    /// <summary>A recreate's old store gives up the tenant's store name (M4), before a new store takes it.</summary>
    RenameRetiredStore,

    /// <summary>The store by name (M2, M3), else a create (M1).</summary>
    FindOrCreateStore,

    /// <summary>The store create's operation (M6), for the store id.</summary>
    AwaitStoreOperation,

    /// <summary>Fetch the store (M3) until Twilio reports it ACTIVE.</summary>
    AwaitStoreActive,

    /// <summary>
    /// The ACTIVE store gets what the tenant's blueprint revision asks for and lacks: trait groups created, missing
    /// traits added (S1–S4), missing identifier types added to its identity resolution (S5, S6).
    /// </summary>
    ApplyBlueprint,

    /// <summary>The configuration referencing the ACTIVE store (C1), by name once its key has expired.</summary>
    CreateConfiguration,

    /// <summary>The configuration create's operation (C7).</summary>
    AwaitConfigurationOperation,

    /// <summary>Replace the configuration (C3, C4, C7): it references another store or lacks the latest settings.</summary>
    UpdateConfiguration,

    /// <summary>A recreate's old store, deleted (M5) once the configuration no longer references it.</summary>
    DeleteRetiredStore,

    /// <summary>Store ACTIVE and the configuration referencing it: a Provisioning tenant is Ready.</summary>
    MarkReady,

    /// <summary>Nothing left to do (a Ready tenant's settings are applied).</summary>
    Done,
}
