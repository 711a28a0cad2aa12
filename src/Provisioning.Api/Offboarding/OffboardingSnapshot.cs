using Provisioning.Api.Tenants;

namespace Provisioning.Api.Offboarding;

/// <summary>
/// What <see cref="OffboardingPlanner"/> looks at to say what erasure does next: the facts of a Deprovisioning tenant
/// that decide the next step, read at one moment, and whether its dedicated subaccount is still open (a row of the
/// pool, read by the saga). Immutable, so a plan can be tested without a database or Twilio.
/// </summary>
/// <param name="HasWorkInItsAccount">A store or configuration to delete or look for in the tenant's account, or its slot to give back (<see cref="ErasureProgress.HasWorkInItsAccount"/>).</param>
/// <param name="MayHaveUnrecordedStore">A store create was sent whose outcome was never recorded.</param>
/// <param name="MayHaveUnrecordedConfiguration">A configuration create was sent whose outcome was never recorded.</param>
/// <param name="HasStore">The tenant still has its current store (not yet retired for deletion).</param>
/// <param name="HasConfiguration">The tenant's configuration is still to delete.</param>
/// <param name="SlotReleased">The tenant's slot went back (or to a store that holds it).</param>
/// <param name="RetiredStoresAtTwilio">Stores of the tenant still at Twilio (current ones once retired, a recreate's, refused ones), in any account.</param>
/// <param name="HasOpenDedicatedSubaccount">The tenant's own subaccount (dedicated isolation) is still in the pool.</param>
public sealed record OffboardingSnapshot(
    bool HasWorkInItsAccount,
    bool MayHaveUnrecordedStore,
    bool MayHaveUnrecordedConfiguration,
    bool HasStore,
    bool HasConfiguration,
    bool SlotReleased,
    int RetiredStoresAtTwilio,
    bool HasOpenDedicatedSubaccount)
{
    public static OffboardingSnapshot Of(Tenant tenant, bool hasOpenDedicatedSubaccount) => new(
        tenant.Erasure.HasWorkInItsAccount,
        tenant.Erasure.MayHaveUnrecordedStore,
        tenant.Erasure.MayHaveUnrecordedConfiguration,
        tenant.MemoryStoreId is not null,
        tenant.OrchestratorConfigurationId is not null,
        tenant.SlotReleasedAt is not null,
        tenant.RetiredStores.Count(r => r.IsAtTwilio),
        hasOpenDedicatedSubaccount);
}
