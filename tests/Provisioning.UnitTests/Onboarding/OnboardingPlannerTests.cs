using Provisioning.Api.Onboarding;
using Provisioning.Api.Tenants;
using Provisioning.UnitTests.Tenants;

namespace Provisioning.UnitTests.Onboarding;

/// <summary>
/// <see cref="OnboardingPlanner"/> as a table: what a tenant has recorded → the step that comes next. Then every
/// combination of the facts it looks at, for its totality and the ordering rules Twilio needs.
/// </summary>
public sealed class OnboardingPlannerTests
{
    private const string Account = "AC1";
    private const string Store = "store-new";
    private const string OldStore = "store-old";
    private const string Configuration = "configuration";
    private static readonly Guid RetiredA = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid RetiredB = Guid.Parse("00000000-0000-0000-0000-00000000000b");

    /// <summary>A signup, just started: Provisioning and nothing recorded.</summary>
    private static readonly OnboardingSnapshot Signup = new(
        TenantStatus.Provisioning, AccountSid: null, ReprovisionMode.None, RetiredStoresToRename: [], StoreId: null, StoreOperationId: null,
        StoreActive: false, ConfigurationId: null, ConfigurationOperationId: null, ConfiguredStoreId: null,
        SettingsRevision: 1, AppliedSettingsRevision: 0, RetiredStoresToDelete: []);

    private static readonly OnboardingSnapshot Placed = Signup with { AccountSid = Account };
    private static readonly OnboardingSnapshot StoreActive = Placed with { StoreId = Store, StoreActive = true };

    /// <summary>Everything done: the store ACTIVE, the configuration referencing it with the latest settings.</summary>
    private static readonly OnboardingSnapshot Converged = StoreActive with
    {
        ConfigurationId = Configuration, ConfiguredStoreId = Store, AppliedSettingsRevision = 1,
    };

    /// <summary>A recreate, just requested: the old store retired (to rename, then delete), no store, the configuration on the old one.</summary>
    private static readonly OnboardingSnapshot Recreated = Converged with
    {
        StoreId = null, StoreActive = false, ConfiguredStoreId = OldStore, RetiredStoresToRename = [RetiredA], RetiredStoresToDelete = [RetiredA],
    };

    public static TheoryData<string, OnboardingSnapshot, OnboardingStep> Table => new()
    {
        // The slot
        { "a signup takes a slot first", Signup, OnboardingStep.ReserveSlot },
        { "a tenant placed again after a full account takes a slot first, whatever else is recorded", Recreated with { AccountSid = null, PendingReprovision = ReprovisionMode.Repair }, OnboardingStep.ReserveSlot },
        // A repair checks first
        { "a repair checks the recorded ids before anything builds on them", Converged with { PendingReprovision = ReprovisionMode.Repair }, OnboardingStep.CheckRecordedResources },
        { "a repair checks before a rename or a store", Recreated with { PendingReprovision = ReprovisionMode.Repair }, OnboardingStep.CheckRecordedResources },
        { "a recreate's mode is no repair", Converged with { PendingReprovision = ReprovisionMode.Recreate }, OnboardingStep.MarkReady },
        // The old store gives up the name before a new store is looked for
        { "a recreate renames the old store first", Recreated, OnboardingStep.RenameRetiredStore(RetiredA) },
        { "retired stores are renamed in order", Recreated with { RetiredStoresToRename = [RetiredB, RetiredA] }, OnboardingStep.RenameRetiredStore(RetiredB) },
        { "a rename comes before waiting for a store operation too", Recreated with { StoreOperationId = "op-store" }, OnboardingStep.RenameRetiredStore(RetiredA) },
        // The store
        { "placed, no store: find it by name or create it", Placed, OnboardingStep.FindOrCreateStore },
        { "renamed, no store: find it by name or create it", Recreated with { RetiredStoresToRename = [] }, OnboardingStep.FindOrCreateStore },
        { "a create's operation is awaited, not sent again", Placed with { StoreOperationId = "op-store" }, OnboardingStep.AwaitStoreOperation },
        { "a store id known: wait until ACTIVE", Placed with { StoreId = Store }, OnboardingStep.AwaitStoreActive },
        // The configuration only after ACTIVE
        { "no configuration is created before the store is ACTIVE", Placed with { StoreId = Store, ConfigurationOperationId = "op-configuration" }, OnboardingStep.AwaitStoreActive },
        { "a recreate's new store is ACTIVE before the configuration switches to it", Recreated with { RetiredStoresToRename = [], StoreId = Store }, OnboardingStep.AwaitStoreActive },
        // The blueprint shapes the ACTIVE store before any configuration work
        { "ACTIVE with a blueprint not applied: apply it before the configuration", StoreActive with { BlueprintToApply = true }, OnboardingStep.ApplyBlueprint },
        { "no blueprint is applied before the store is ACTIVE", Placed with { StoreId = Store, BlueprintToApply = true }, OnboardingStep.AwaitStoreActive },
        { "no blueprint is applied to a store still being created", Placed with { StoreOperationId = "op-store", BlueprintToApply = true }, OnboardingStep.AwaitStoreOperation },
        { "a recreate's new store gets the blueprint before the configuration switches to it", Recreated with { RetiredStoresToRename = [], StoreId = Store, StoreActive = true, BlueprintToApply = true }, OnboardingStep.ApplyBlueprint },
        { "a Ready tenant's blueprint is applied before its newer settings", Converged with { Status = TenantStatus.Ready, SettingsRevision = 2, BlueprintToApply = true }, OnboardingStep.ApplyBlueprint },
        { "ACTIVE, no configuration: create it", StoreActive, OnboardingStep.CreateConfiguration },
        { "a create's operation is awaited (id from the 202)", StoreActive with { ConfigurationId = Configuration, ConfigurationOperationId = "op-configuration" }, OnboardingStep.AwaitConfigurationOperation },
        { "a create's operation is awaited (no id yet, L3)", StoreActive with { ConfigurationOperationId = "op-configuration" }, OnboardingStep.AwaitConfigurationOperation },
        // The configuration switched and up to date, then the old store goes
        { "a configuration on the old store is switched", Converged with { ConfiguredStoreId = OldStore }, OnboardingStep.UpdateConfiguration },
        { "a configuration that drifted (repair) is replaced", Converged with { ConfiguredStoreId = null }, OnboardingStep.UpdateConfiguration },
        { "newer settings are applied", Converged with { SettingsRevision = 2 }, OnboardingStep.UpdateConfiguration },
        { "a Ready tenant's newer settings are applied", Converged with { Status = TenantStatus.Ready, SettingsRevision = 2 }, OnboardingStep.UpdateConfiguration },
        { "the old store is not deleted while the configuration references it", Recreated with { RetiredStoresToRename = [], StoreId = Store, StoreActive = true }, OnboardingStep.UpdateConfiguration },
        { "after the switch, the old store is deleted", Converged with { RetiredStoresToDelete = [RetiredA, RetiredB] }, OnboardingStep.DeleteRetiredStore(RetiredA) },
        // The end
        { "converged: a Provisioning tenant is Ready", Converged, OnboardingStep.MarkReady },
        { "converged: a Ready tenant's run is done", Converged with { Status = TenantStatus.Ready }, OnboardingStep.Done },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Names_the_next_step(string row, OnboardingSnapshot snapshot, OnboardingStep expected) =>
        Assert.True(expected == OnboardingPlanner.Next(snapshot), $"{row}: expected {expected}, planned {OnboardingPlanner.Next(snapshot)}");

    [Fact]
    public void Covers_every_step()
    {
        var planned = Table.Select(row => ((OnboardingStep)row[2]).Kind).ToHashSet();
        Assert.Equal(Enum.GetValues<OnboardingStepKind>().ToHashSet(), planned);
    }

    /// <summary>Every combination of the facts the planner looks at (reachable ones and more).</summary>
    public static IEnumerable<OnboardingSnapshot> EverySnapshot() =>
        from status in new[] { TenantStatus.Provisioning, TenantStatus.Ready }
        from account in new[] { null, Account }
        from reprovision in Enum.GetValues<ReprovisionMode>()
        from toRename in new[] { Array.Empty<Guid>(), [RetiredA] }
        from storeId in new[] { null, Store }
        from storeOperation in new[] { null, "op-store" }
        from active in new[] { false, true }
        from configurationId in new[] { null, Configuration }
        from configurationOperation in new[] { null, "op-configuration" }
        from configuredStore in new[] { null, Store, OldStore }
        from applied in new[] { 0, 1, 2 }
        from toDelete in new[] { Array.Empty<Guid>(), [RetiredB] }
        from blueprintToApply in new[] { false, true }
        select new OnboardingSnapshot(status, account, reprovision, toRename, storeId, storeOperation, active, configurationId,
            configurationOperation, configuredStore, SettingsRevision: 2, applied, toDelete, blueprintToApply);

    [Fact]
    public void Is_total_and_keeps_the_order_Twilio_needs()
    {
        var count = 0;
        foreach (var s in EverySnapshot())
        {
            count++;
            var step = OnboardingPlanner.Next(s);
            var why = $"{s} planned {step}";
            Assert.Equal(step, OnboardingPlanner.Next(s)); // pure: the same facts, the same step

            // A slot before anything; a repair's check before anything else.
            Assert.True((s.AccountSid is null) == (step.Kind == OnboardingStepKind.ReserveSlot), why);
            if (s.AccountSid is not null && s.PendingReprovision == ReprovisionMode.Repair)
                Assert.True(step.Kind == OnboardingStepKind.CheckRecordedResources, why);

            switch (step.Kind)
            {
                case OnboardingStepKind.RenameRetiredStore:
                    Assert.Equal(s.RetiredStoresToRename[0], step.RetiredStoreId);
                    break;
                case OnboardingStepKind.FindOrCreateStore or OnboardingStepKind.AwaitStoreOperation:
                    // Never a store by the tenant's name while an old store still has it.
                    Assert.True(s.RetiredStoresToRename.Count == 0 && s.StoreId is null, why);
                    break;
                case OnboardingStepKind.ApplyBlueprint:
                    // The blueprint is applied to the tenant's ACTIVE store only.
                    Assert.True(s.BlueprintToApply && s.StoreId is not null && s.StoreActive && s.RetiredStoresToRename.Count == 0, why);
                    break;
                case OnboardingStepKind.CreateConfiguration or OnboardingStepKind.AwaitConfigurationOperation or OnboardingStepKind.UpdateConfiguration:
                    // The configuration only references an ACTIVE store, shaped by its blueprint (extraction needs the groups).
                    Assert.True(s.StoreId is not null && s.StoreActive && s.RetiredStoresToRename.Count == 0 && !s.BlueprintToApply, why);
                    break;
                case OnboardingStepKind.DeleteRetiredStore:
                    // The old store goes only once the configuration was switched away from it.
                    Assert.Equal(s.RetiredStoresToDelete[0], step.RetiredStoreId);
                    Assert.True(s.ConfiguredStoreId == s.StoreId && s.StoreActive && s.ConfigurationOperationId is null, why);
                    break;
                case OnboardingStepKind.MarkReady or OnboardingStepKind.Done:
                    // Ready only with the store ACTIVE and the configuration referencing it, with the latest settings.
                    Assert.True(s.StoreActive && s.ConfigurationId is not null && s.ConfiguredStoreId == s.StoreId && s.StoreId is not null, why);
                    Assert.True(s.AppliedSettingsRevision >= s.SettingsRevision && s.ConfigurationOperationId is null, why);
                    Assert.True(s.RetiredStoresToRename.Count == 0 && s.RetiredStoresToDelete.Count == 0 && !s.BlueprintToApply, why);
                    Assert.Equal(s.Status == TenantStatus.Provisioning, step.Kind == OnboardingStepKind.MarkReady);
                    break;
            }
        }
        Assert.Equal(2 * 2 * 3 * 2 * 2 * 2 * 2 * 2 * 2 * 3 * 3 * 2 * 2, count);
    }

    [Fact]
    public void Reads_a_recreated_tenant_as_a_store_to_rename_then_delete()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Ready);
        var retired = tenant.RequestRecreate("new store", deleteOldStore: true, TenantBuilder.Now);

        var snapshot = OnboardingSnapshot.Of(tenant);

        Assert.Equal(new[] { retired.Id }, snapshot.RetiredStoresToRename);
        Assert.Equal(new[] { retired.Id }, snapshot.RetiredStoresToDelete);
        Assert.Null(snapshot.StoreId);
        Assert.Equal(TenantBuilder.StoreId, snapshot.ConfiguredStoreId);
        Assert.Equal(OnboardingStep.RenameRetiredStore(retired.Id), OnboardingPlanner.Next(snapshot));
    }

    [Fact]
    public void Reads_a_blueprint_as_to_apply_until_its_revision_is_applied_and_again_on_another_store()
    {
        var tenant = TenantBuilder.Placed(blueprint: TenantBlueprint.Wanted("support", 2));
        tenant.Onboarding.RecordStore(TenantBuilder.StoreId);
        Assert.True(OnboardingSnapshot.Of(tenant).BlueprintToApply);

        tenant.Onboarding.RecordBlueprintApplied(2);
        Assert.False(OnboardingSnapshot.Of(tenant).BlueprintToApply);
        tenant.Onboarding.RecordStore(TenantBuilder.StoreId); // the same store, found again: nothing to redo
        Assert.False(OnboardingSnapshot.Of(tenant).BlueprintToApply);

        tenant.Onboarding.ForgetStore();
        tenant.Onboarding.RecordStore("store-other"); // a new store has none of the groups
        Assert.True(OnboardingSnapshot.Of(tenant).BlueprintToApply);
        Assert.Null(tenant.Blueprint.AppliedRevision);
    }

    [Fact]
    public void Reads_a_tenant_without_a_blueprint_as_nothing_to_apply() =>
        Assert.False(OnboardingSnapshot.Of(TenantBuilder.Placed()).BlueprintToApply);

    [Fact]
    public void Reads_a_Ready_tenant_as_done()
    {
        var snapshot = OnboardingSnapshot.Of(TenantBuilder.InStatus(TenantStatus.Ready));

        Assert.Equal(OnboardingStep.Done, OnboardingPlanner.Next(snapshot));
    }

    [Fact]
    public void Leaves_retired_stores_of_another_account_to_offboarding()
    {
        var tenant = TenantBuilder.Placed();
        tenant.Onboarding.RecordStore(TenantBuilder.StoreId);
        tenant.Onboarding.LeaveAccount(TenantBuilder.Now, storeDeleteRefusal: "403"); // kept, retired, in the account left
        tenant.Onboarding.AssignAccount("AC00000000000000000000000000000002");

        var snapshot = OnboardingSnapshot.Of(tenant);

        Assert.Single(tenant.RetiredStores);
        Assert.Empty(snapshot.RetiredStoresToRename);
        Assert.Empty(snapshot.RetiredStoresToDelete);
        Assert.Equal(OnboardingStep.FindOrCreateStore, OnboardingPlanner.Next(snapshot));
    }
}
