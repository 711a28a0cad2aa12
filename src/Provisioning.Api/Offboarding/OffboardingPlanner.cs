namespace Provisioning.Api.Offboarding;

/// <summary>
/// What erasure does next, as a pure function of what the tenant has recorded: the saga runs the step it names,
/// records the outcome, and asks again. The order is onboarding's, reversed:
/// <list type="number">
/// <item>in the tenant's account, while it has work there: a store or configuration whose create's answer was lost is
/// found first (erasure must know it to delete it), the configuration is deleted so that nothing references the store,
/// then the store retires (holding its slot until it is gone) or, with no store, the slot goes back;</item>
/// <item>every retired store, in any account, is deleted;</item>
/// <item>a dedicated tenant's own subaccount is closed, once Twilio holds none of its resources;</item>
/// <item>then, and only then, the tenant is Deleted.</item>
/// </list>
/// Once the account has no work left, its steps are never planned again: the account may be gone (a dedicated
/// subaccount closed by a run that died before the tenant was Deleted), and a rerun must not need its key.
/// </summary>
public static class OffboardingPlanner
{
    public static OffboardingStep Next(OffboardingSnapshot snapshot)
    {
        if (snapshot.HasWorkInItsAccount)
        {
            if (snapshot.MayHaveUnrecordedStore) return OffboardingStep.FindUnrecordedStore;
            // Listed by its store: with no store known, there is nothing to list it by.
            if (snapshot.MayHaveUnrecordedConfiguration && snapshot.HasStore) return OffboardingStep.FindUnrecordedConfiguration;
            if (snapshot.HasConfiguration) return OffboardingStep.DeleteConfiguration;
            if (snapshot.HasStore) return OffboardingStep.RetireStore;
            if (!snapshot.SlotReleased) return OffboardingStep.ReleaseSlot;
        }
        if (snapshot.RetiredStoresAtTwilio > 0) return OffboardingStep.EraseRetiredStores;
        if (snapshot.HasOpenDedicatedSubaccount) return OffboardingStep.CloseDedicatedSubaccount;
        return OffboardingStep.MarkDeleted;
    }
}
