namespace Provisioning.Api.Offboarding;

/// <summary>The steps of erasure, in the order <see cref="OffboardingPlanner"/> considers them: the reverse of onboarding.</summary>
public enum OffboardingStep
{
    /// <summary>A store whose create's answer was lost: from its operation (M6), else by name once reads caught up.</summary>
    FindUnrecordedStore,

    /// <summary>A configuration whose create's answer was lost, by name (it is listed by its store, which must be known).</summary>
    FindUnrecordedConfiguration,

    /// <summary>The configuration (C6), waiting for its operation, so that nothing references the store.</summary>
    DeleteConfiguration,

    /// <summary>The current store joins the retired ones, which hold its slot until it is deleted.</summary>
    RetireStore,

    /// <summary>No store: the tenant's slot goes back (PostgreSQL).</summary>
    ReleaseSlot,

    /// <summary>Every store the tenant ever had, in any account (M5), each slot freed once its store is gone.</summary>
    EraseRetiredStores,

    /// <summary>A dedicated tenant's own subaccount (A4, final), once Twilio holds nothing of the tenant.</summary>
    CloseDedicatedSubaccount,

    /// <summary>Twilio holds nothing of the tenant: it is Deleted.</summary>
    MarkDeleted,
}
