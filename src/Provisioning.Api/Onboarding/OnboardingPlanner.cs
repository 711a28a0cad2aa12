using Provisioning.Api.Tenants;

namespace Provisioning.Api.Onboarding;

/// <summary>
/// What onboarding does next, as a pure function of what the tenant has recorded: the saga runs the step it names,
/// records the outcome, and asks again. The order is the one Twilio needs:
/// <list type="number">
/// <item>a slot in an account before any store exists, and the tenant keeps that account;</item>
/// <item>an admin's repair trusts no recorded id until Twilio confirms it, so it is checked before anything builds on it;</item>
/// <item>a recreate's old store gives up the tenant's name before a new store may take it;</item>
/// <item>the store (found, or created and its operation awaited), then ACTIVE;</item>
/// <item>the store shaped by the tenant's blueprint (its trait groups and identifier types), before any configuration
/// work: extraction writes traits only into groups the store has (520047 otherwise);</item>
/// <item>only then the configuration that references it: the reverse order silently breaks memory extraction;</item>
/// <item>the configuration switched to the tenant's store and brought to its latest settings, and only then are
/// retired stores deleted, as nothing references them any more;</item>
/// <item>Ready, once the store is ACTIVE and the configuration references it.</item>
/// </list>
/// </summary>
public static class OnboardingPlanner
{
    public static OnboardingStep Next(OnboardingSnapshot snapshot)
    {
        if (snapshot.AccountSid is null) return OnboardingStep.ReserveSlot;
        if (snapshot.PendingReprovision == ReprovisionMode.Repair) return OnboardingStep.CheckRecordedResources;
        if (snapshot.RetiredStoresToRename is [var toRename, ..]) return OnboardingStep.RenameRetiredStore(toRename);

        if (snapshot.StoreId is null)
            return snapshot.StoreOperationId is null ? OnboardingStep.FindOrCreateStore : OnboardingStep.AwaitStoreOperation;
        if (!snapshot.StoreActive) return OnboardingStep.AwaitStoreActive;
        if (snapshot.BlueprintToApply) return OnboardingStep.ApplyBlueprint;

        if (snapshot.ConfigurationOperationId is not null) return OnboardingStep.AwaitConfigurationOperation;
        if (snapshot.ConfigurationId is null) return OnboardingStep.CreateConfiguration;
        if (ConfigurationNeedsUpdate(snapshot)) return OnboardingStep.UpdateConfiguration;

        if (snapshot.RetiredStoresToDelete is [var toDelete, ..]) return OnboardingStep.DeleteRetiredStore(toDelete);
        return snapshot.Status == TenantStatus.Provisioning ? OnboardingStep.MarkReady : OnboardingStep.Done;
    }

    /// <summary>The configuration references another store (after a recreate or a repair), or lacks the latest settings.</summary>
    public static bool ConfigurationNeedsUpdate(OnboardingSnapshot snapshot) =>
        snapshot.ConfigurationId is not null
        && (snapshot.ConfiguredStoreId != snapshot.StoreId || snapshot.AppliedSettingsRevision < snapshot.SettingsRevision);
}
