using Provisioning.Api.Offboarding;
using Provisioning.Api.Tenants;
using Provisioning.UnitTests.Tenants;

namespace Provisioning.UnitTests.Offboarding;

/// <summary>
/// <see cref="OffboardingPlanner"/> as a table: what a Deprovisioning tenant has recorded → the step that comes next.
/// Then every combination of the facts it looks at, for its totality and the order erasure needs.
/// </summary>
public sealed class OffboardingPlannerTests
{
    /// <summary>A Ready tenant whose erasure starts: its store and configuration in its account, its slot held.</summary>
    private static readonly OffboardingSnapshot Started = new(
        HasWorkInItsAccount: true, MayHaveUnrecordedStore: false, MayHaveUnrecordedConfiguration: false, HasStore: true, HasConfiguration: true,
        SlotReleased: false, RetiredStoresAtTwilio: 0, HasOpenDedicatedSubaccount: false);

    /// <summary>The account's part done: the configuration deleted, the store retired (its slot with it).</summary>
    private static readonly OffboardingSnapshot AccountDone = Started with
    {
        HasWorkInItsAccount = false, HasStore = false, HasConfiguration = false, SlotReleased = true, RetiredStoresAtTwilio = 1,
    };

    private static readonly OffboardingSnapshot Erased = AccountDone with { RetiredStoresAtTwilio = 0 };

    /// <summary>A tenant that failed with a store create's answer lost: no store id, no configuration.</summary>
    private static readonly OffboardingSnapshot AnswerLost = Started with { MayHaveUnrecordedStore = true, HasStore = false, HasConfiguration = false };

    public static TheoryData<string, OffboardingSnapshot, OffboardingStep> Table => new()
    {
        { "a store whose create's answer was lost is found first", AnswerLost, OffboardingStep.FindUnrecordedStore },
        { "a lost store is found before a recorded configuration is deleted", AnswerLost with { HasConfiguration = true }, OffboardingStep.FindUnrecordedStore },
        { "a configuration whose create's answer was lost is found by its store", Started with { HasConfiguration = false, MayHaveUnrecordedConfiguration = true }, OffboardingStep.FindUnrecordedConfiguration },
        { "with no store to list it by, a lost configuration is not looked for", AnswerLost with { MayHaveUnrecordedStore = false, MayHaveUnrecordedConfiguration = true }, OffboardingStep.ReleaseSlot },
        { "the configuration goes before the store", Started, OffboardingStep.DeleteConfiguration },
        { "the configuration deleted, the store retires", Started with { HasConfiguration = false }, OffboardingStep.RetireStore },
        { "no store: the slot goes back", Started with { HasStore = false, HasConfiguration = false }, OffboardingStep.ReleaseSlot },
        { "the account's part before the stores elsewhere", Started with { HasConfiguration = false, RetiredStoresAtTwilio = 2 }, OffboardingStep.RetireStore },
        { "retired stores are erased", AccountDone, OffboardingStep.EraseRetiredStores },
        { "a dedicated subaccount stays open while Twilio holds a store of the tenant", AccountDone with { HasOpenDedicatedSubaccount = true }, OffboardingStep.EraseRetiredStores },
        { "everything erased, the dedicated subaccount is closed", Erased with { HasOpenDedicatedSubaccount = true }, OffboardingStep.CloseDedicatedSubaccount },
        { "everything erased: Deleted", Erased, OffboardingStep.MarkDeleted },
        { "an account with no work left is not touched again (it may be closed)", Erased with { MayHaveUnrecordedConfiguration = true }, OffboardingStep.MarkDeleted },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Names_the_next_step(string row, OffboardingSnapshot snapshot, OffboardingStep expected) =>
        Assert.True(expected == OffboardingPlanner.Next(snapshot), $"{row}: expected {expected}, planned {OffboardingPlanner.Next(snapshot)}");

    [Fact]
    public void Covers_every_step()
    {
        var planned = Table.Select(row => (OffboardingStep)row[2]).ToHashSet();
        Assert.Equal(Enum.GetValues<OffboardingStep>().ToHashSet(), planned);
    }

    public static IEnumerable<OffboardingSnapshot> EverySnapshot() =>
        from work in new[] { false, true }
        from unrecordedStore in new[] { false, true }
        from unrecordedConfiguration in new[] { false, true }
        from store in new[] { false, true }
        from configuration in new[] { false, true }
        from slotReleased in new[] { false, true }
        from retired in new[] { 0, 1, 2 }
        from dedicated in new[] { false, true }
        select new OffboardingSnapshot(work, unrecordedStore, unrecordedConfiguration, store, configuration, slotReleased, retired, dedicated);

    [Fact]
    public void Is_total_and_keeps_the_order_erasure_needs()
    {
        var count = 0;
        foreach (var s in EverySnapshot())
        {
            count++;
            var step = OffboardingPlanner.Next(s);
            var why = $"{s} planned {step}";
            Assert.Equal(step, OffboardingPlanner.Next(s)); // pure
            var accountDone = !s.HasWorkInItsAccount || (!s.MayHaveUnrecordedStore && !s.HasConfiguration && !s.HasStore && s.SlotReleased);

            switch (step)
            {
                case OffboardingStep.FindUnrecordedStore or OffboardingStep.FindUnrecordedConfiguration or OffboardingStep.ReleaseSlot:
                    Assert.True(s.HasWorkInItsAccount, why);
                    break;
                case OffboardingStep.DeleteConfiguration:
                    // What may exist unrecorded is found before anything is deleted.
                    Assert.True(s.HasWorkInItsAccount && !s.MayHaveUnrecordedStore && !(s.MayHaveUnrecordedConfiguration && s.HasStore), why);
                    break;
                case OffboardingStep.RetireStore:
                    // Nothing references the store when it goes.
                    Assert.True(s.HasWorkInItsAccount && !s.HasConfiguration && !s.MayHaveUnrecordedStore, why);
                    break;
                case OffboardingStep.EraseRetiredStores:
                    Assert.True(accountDone && s.RetiredStoresAtTwilio > 0, why);
                    break;
                case OffboardingStep.CloseDedicatedSubaccount:
                    // Closed only once Twilio holds nothing of the tenant.
                    Assert.True(accountDone && s.RetiredStoresAtTwilio == 0 && s.HasOpenDedicatedSubaccount, why);
                    break;
                case OffboardingStep.MarkDeleted:
                    Assert.True(accountDone && s.RetiredStoresAtTwilio == 0 && !s.HasOpenDedicatedSubaccount, why);
                    break;
            }
        }
        Assert.Equal(2 * 2 * 2 * 2 * 2 * 2 * 3 * 2, count);
    }

    [Fact]
    public void Walks_a_tenant_from_Deprovisioning_to_Deleted()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Deprovisioning);
        var planned = new List<OffboardingStep>();
        OffboardingStep Next() { planned.Add(OffboardingPlanner.Next(OffboardingSnapshot.Of(tenant, hasOpenDedicatedSubaccount: false))); return planned[^1]; }

        Assert.Equal(OffboardingStep.DeleteConfiguration, Next());
        tenant.Erasure.RecordConfigurationDeleted(TenantBuilder.Now);
        Assert.Equal(OffboardingStep.RetireStore, Next());
        tenant.Erasure.RetireStore(TenantBuilder.Now);
        Assert.Equal(OffboardingStep.EraseRetiredStores, Next());
        tenant.Erasure.RecordRetiredStoreDeleted(Assert.Single(tenant.RetiredStores), TenantBuilder.Now);
        Assert.Equal(OffboardingStep.MarkDeleted, Next());
        Assert.Equal(OffboardingStep.CloseDedicatedSubaccount, OffboardingPlanner.Next(OffboardingSnapshot.Of(tenant, hasOpenDedicatedSubaccount: true)));
    }
}
