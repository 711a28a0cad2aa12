using Provisioning.Api.Tenants;

namespace Provisioning.Api.Onboarding;

/// <summary>
/// What <see cref="OnboardingPlanner"/> looks at to say what is next: exactly the facts of a tenant that decide which
/// onboarding step comes next, read at one moment. Immutable, so a plan can be tested without a database or Twilio.
/// </summary>
/// <param name="Status">Provisioning (the run ends Ready) or Ready (a Ready tenant's new settings are applied).</param>
/// <param name="AccountSid">The account holding the tenant's slot; null until one is reserved.</param>
/// <param name="PendingReprovision">A repair to check the recorded ids at Twilio first, until it is checked.</param>
/// <param name="RetiredStoresToRename">Retired stores in the tenant's account still holding the tenant's store name, in order.</param>
/// <param name="StoreId">The tenant's store, once known.</param>
/// <param name="StoreOperationId">The store create's operation, until it has given the store id.</param>
/// <param name="StoreActive">Twilio has reported the store ACTIVE.</param>
/// <param name="ConfigurationId">The tenant's configuration, once known.</param>
/// <param name="ConfigurationOperationId">The configuration create's operation, until it has completed.</param>
/// <param name="ConfiguredStoreId">The store the configuration references, as last set.</param>
/// <param name="SettingsRevision">The tenant's latest settings.</param>
/// <param name="AppliedSettingsRevision">The settings the configuration has.</param>
/// <param name="RetiredStoresToDelete">Retired stores in the tenant's account to delete once nothing references them, in order.</param>
/// <param name="BlueprintToApply">The tenant has a blueprint whose wanted revision its store does not have yet.</param>
public sealed record OnboardingSnapshot(
    TenantStatus Status,
    string? AccountSid,
    ReprovisionMode PendingReprovision,
    IReadOnlyList<Guid> RetiredStoresToRename,
    string? StoreId,
    string? StoreOperationId,
    bool StoreActive,
    string? ConfigurationId,
    string? ConfigurationOperationId,
    string? ConfiguredStoreId,
    int SettingsRevision,
    int AppliedSettingsRevision,
    IReadOnlyList<Guid> RetiredStoresToDelete,
    bool BlueprintToApply = false)
{
    /// <summary>
    /// The tenant as it is now. Only the retired stores of its current account count: a store left in an account
    /// the tenant moved away from (kept because Twilio refused its delete) is offboarding's to erase.
    /// </summary>
    public static OnboardingSnapshot Of(Tenant tenant)
    {
        var retiredHere = tenant.RetiredStores.Where(r => r.AccountSid == tenant.AccountSid).ToList();
        return new OnboardingSnapshot(
            tenant.Status,
            tenant.AccountSid,
            tenant.PendingReprovision,
            [.. retiredHere.Where(r => r.IsPendingRename).Select(r => r.Id)],
            tenant.MemoryStoreId,
            tenant.StoreProgress.OperationId,
            tenant.StoreProgress.ActiveAt is not null,
            tenant.OrchestratorConfigurationId,
            tenant.ConfigurationProgress.OperationId,
            tenant.ConfigurationProgress.ConfiguredStoreId,
            tenant.SettingsRevision,
            tenant.AppliedSettingsRevision,
            [.. retiredHere.Where(r => r.IsPendingDelete).Select(r => r.Id)],
            tenant.Blueprint is { IsAssigned: true } blueprint && blueprint.AppliedRevision != blueprint.Revision);
    }
}
