using Provisioning.Api.Tenants;

namespace Provisioning.UnitTests.Tenants;

public sealed class TenantAggregateTests
{
    [Fact]
    public void A_new_tenant_is_pending_and_raises_its_creation()
    {
        var tenant = TenantBuilder.New();

        Assert.Equal(TenantStatus.Pending, tenant.Status);
        Assert.Equal("client-acme", tenant.MemoryStoreName);
        var created = Assert.Single(tenant.LifecycleEvents);
        Assert.Equal(("Created", (TenantStatus?)null, TenantStatus.Pending), (created.Action, created.Before, created.After));
    }

    [Fact]
    public void Each_status_change_raises_exactly_one_event_with_its_actor_and_reason()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Failed);

        tenant.RequestRepair("store lost", actor: "reconciliation");

        var repair = Assert.Single(tenant.LifecycleEvents);
        Assert.Equal(("Reprovision:repair", TenantStatus.Failed, TenantStatus.Provisioning, "store lost", "reconciliation"),
            (repair.Action, repair.Before, repair.After, repair.Reason, repair.Actor));
    }

    [Fact]
    public void Ready_after_a_reprovision_sends_the_reprovisioned_webhook_and_a_first_ready_the_ready_one()
    {
        var first = TenantBuilder.InStatus(TenantStatus.Provisioning);
        first.MarkReady(TenantBuilder.Now);
        Assert.Equal("tenant.ready", Assert.Single(first.LifecycleEvents).WebhookType);

        var repaired = TenantBuilder.InStatus(TenantStatus.Ready);
        repaired.RequestRepair("check");
        repaired.Onboarding.RecordRepairChecked();
        repaired.ClearLifecycleEvents();
        repaired.MarkReady(TenantBuilder.Now);
        Assert.Equal("tenant.reprovisioned", Assert.Single(repaired.LifecycleEvents).WebhookType);
    }

    [Fact]
    public void Ready_needs_an_active_store_and_a_configuration_that_references_it()
    {
        var tenant = TenantBuilder.Placed();
        tenant.Onboarding.RecordStore(TenantBuilder.StoreId);

        Assert.Throws<InvalidOperationException>(() => tenant.MarkReady(TenantBuilder.Now));
        Assert.Equal(TenantStatus.Provisioning, tenant.Status);
    }

    [Fact]
    public void Recreate_retires_the_current_store_and_leaves_the_tenant_without_one()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Ready);

        var retired = tenant.RequestRecreate("fresh start", deleteOldStore: false, TenantBuilder.Now);

        Assert.Null(tenant.MemoryStoreId);
        Assert.Equal(StoreProgress.None, tenant.StoreProgress);
        Assert.Equal(TenantBuilder.StoreId, retired.StoreId);
        Assert.StartsWith("client-acme-retired-", retired.RetiredName, StringComparison.Ordinal);
        Assert.Same(retired, Assert.Single(tenant.RetiredStores));
        Assert.True(tenant.ReprovisionInProgress);
    }

    [Fact]
    public void Recreate_of_a_tenant_without_a_store_is_refused_and_points_to_repair()
    {
        var tenant = TenantBuilder.Placed();
        tenant.MarkFailed("store create refused");
        tenant.ClearLifecycleEvents();

        var refused = Assert.Throws<TenantTransitionRefusedException>(() => tenant.RequestRecreate("again", deleteOldStore: false, TenantBuilder.Now));

        Assert.Contains("repair", refused.Message, StringComparison.Ordinal);
        Assert.Empty(tenant.RetiredStores);
        Assert.Equal(TenantStatus.Failed, tenant.Status);
    }

    [Fact]
    public void Reprovisioning_a_tenant_that_never_got_an_account_is_refused()
    {
        var tenant = TenantBuilder.New();
        tenant.BeginOnboardingRun();
        tenant.MarkFailed("pool exhausted for too long");

        Assert.Throws<TenantTransitionRefusedException>(() => tenant.RequestRepair("check"));
    }

    [Fact]
    public void Repair_from_reconciliation_adopts_the_store_it_found()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Ready);

        var lost = tenant.MemoryStoreId;

        tenant.RequestRepair("orphan found", "reconciliation", new StoreAdoption("mem_store_found", ReplacingStoreId: lost));

        Assert.Equal("mem_store_found", tenant.MemoryStoreId);
        Assert.Null(tenant.StoreProgress.ActiveAt);
        Assert.Equal(ReprovisionMode.Repair, tenant.PendingReprovision);
    }

    [Fact]
    public void Repair_from_reconciliation_never_swaps_out_a_store_the_tenant_recorded_since()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Ready);
        var current = tenant.MemoryStoreId;
        var events = tenant.LifecycleEvents.Count;

        var refused = Assert.Throws<TenantTransitionRefusedException>(() =>
            tenant.RequestRepair("orphan found", "reconciliation", new StoreAdoption("mem_store_found", ReplacingStoreId: null)));

        Assert.Contains("not adopted", refused.Message, StringComparison.Ordinal);
        Assert.Equal(current, tenant.MemoryStoreId);
        Assert.Equal(TenantStatus.Ready, tenant.Status);
        Assert.Equal(events, tenant.LifecycleEvents.Count);
    }

    [Fact]
    public void Repair_from_reconciliation_never_adopts_a_store_the_tenant_retired()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Ready);
        var old = tenant.MemoryStoreId!;
        tenant.RequestRecreate("fresh start", deleteOldStore: false, TenantBuilder.Now);
        tenant.MarkFailed("new store failed");

        Assert.Throws<TenantTransitionRefusedException>(() =>
            tenant.RequestRepair("orphan found", "reconciliation", new StoreAdoption(old, ReplacingStoreId: null)));
        Assert.Null(tenant.MemoryStoreId);
    }

    [Fact]
    public void A_store_created_with_its_answer_lost_is_looked_up_at_offboarding_and_joins_the_erasure()
    {
        var tenant = TenantBuilder.New();
        tenant.BeginOnboardingRun();
        tenant.Onboarding.AssignAccount(TenantBuilder.AccountSid);
        tenant.Onboarding.RecordStoreCreateRequested(TenantBuilder.Now);
        tenant.MarkFailed("the answer never came");
        Assert.True(tenant.Erasure.MayHaveUnrecordedStore);
        Assert.Throws<TenantTransitionRefusedException>(() => tenant.Erasure.RecordStoreFound("mem_store_found"));

        tenant.RequestDeletion(immediate: true, TenantBuilder.GracePeriod, "churned", TenantBuilder.Now);
        tenant.BeginDeprovisioning(TenantBuilder.Now);
        tenant.Erasure.RecordStoreFound("mem_store_found");
        tenant.Erasure.RetireStore(TenantBuilder.Now);

        Assert.False(tenant.Erasure.MayHaveUnrecordedStore);
        Assert.Equal("mem_store_found", Assert.Single(tenant.RetiredStores, r => r.IsAtTwilio).StoreId);
        Assert.Throws<InvalidOperationException>(() => tenant.MarkDeleted(note: null, TenantBuilder.Now));
    }

    [Fact]
    public void Cancelling_a_deletion_restores_the_status_the_tenant_had()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Failed);
        tenant.RequestDeletion(immediate: false, TenantBuilder.GracePeriod, "trial ended", TenantBuilder.Now);

        tenant.CancelDeletion("kept");

        Assert.Equal(TenantStatus.Failed, tenant.Status);
        Assert.Null(tenant.DeletionDueAt);
    }

    [Fact]
    public void Offboarding_waits_for_its_due_time()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.PendingDeletion);

        Assert.False(tenant.BeginDeprovisioning(TenantBuilder.Now + TenantBuilder.GracePeriod - TimeSpan.FromSeconds(1)));
        Assert.Equal(TenantStatus.PendingDeletion, tenant.Status);
        Assert.True(tenant.BeginDeprovisioning(TenantBuilder.Now + TenantBuilder.GracePeriod));
        Assert.Equal(TenantStatus.Deprovisioning, tenant.Status);
    }

    [Fact]
    public void A_stuck_deletion_is_retried_immediately_without_a_status_change_but_with_its_audit_event()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Deprovisioning);
        tenant.RecordTransientFailure("Twilio said 500");

        var dueAt = tenant.RequestDeletion(immediate: true, TenantBuilder.GracePeriod, "retry", TenantBuilder.Now);

        Assert.Equal(TenantBuilder.Now, dueAt);
        Assert.Equal(0, tenant.FailedAttempts);
        var retried = Assert.Single(tenant.LifecycleEvents);
        Assert.Equal(("Offboard:immediate", TenantStatus.Deprovisioning, TenantStatus.Deprovisioning), (retried.Action, retried.Before, retried.After));
    }

    [Fact]
    public void Offboarding_needs_the_tenants_account_only_until_its_store_configuration_and_slot_are_settled()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Deprovisioning);
        Assert.True(tenant.Erasure.HasWorkInItsAccount);

        tenant.Erasure.RecordConfigurationDeleted(TenantBuilder.Now);
        Assert.True(tenant.Erasure.HasWorkInItsAccount); // the store is still the tenant's current one
        tenant.Erasure.RetireStore(TenantBuilder.Now);

        // What is left is deleted through the retired stores; the account itself (a dedicated subaccount already
        // closed by a run that died before Deleted) is not needed again.
        Assert.False(tenant.Erasure.HasWorkInItsAccount);
        Assert.Equal(TenantBuilder.AccountSid, tenant.AccountSid);
    }

    [Fact]
    public void Offboarding_a_tenant_that_never_made_a_store_still_gives_its_slot_back_in_its_account()
    {
        var tenant = TenantBuilder.Placed();
        tenant.MarkFailed("refused");
        tenant.RequestDeletion(immediate: true, TenantBuilder.GracePeriod, "churned", TenantBuilder.Now);
        tenant.BeginDeprovisioning(TenantBuilder.Now);

        Assert.True(tenant.Erasure.HasWorkInItsAccount);
        tenant.Erasure.RecordSlotReleased(TenantBuilder.Now);
        Assert.False(tenant.Erasure.HasWorkInItsAccount);
    }

    [Fact]
    public void Deleted_only_once_Twilio_holds_nothing_of_the_tenant()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Deprovisioning);

        Assert.Throws<InvalidOperationException>(() => tenant.MarkDeleted(null, TenantBuilder.Now));
        tenant.Erasure.RecordConfigurationDeleted(TenantBuilder.Now);
        tenant.Erasure.RetireStore(TenantBuilder.Now);
        // The store is retired, not gone: still not Deleted.
        Assert.Throws<InvalidOperationException>(() => tenant.MarkDeleted(null, TenantBuilder.Now));
        foreach (var retired in tenant.RetiredStores) tenant.Erasure.RecordRetiredStoreDeleted(retired, TenantBuilder.Now);
        tenant.MarkDeleted(null, TenantBuilder.Now);

        Assert.Equal(TenantStatus.Deleted, tenant.Status);
        Assert.Equal("tenant.deleted", tenant.LifecycleEvents[^1].WebhookType);
        var erasure = ErasureRecord.Of(tenant)!;
        Assert.True(erasure.Complete);
        Assert.Equal(TenantBuilder.ConfigurationId, erasure.ConfigurationId);
        Assert.Equal(TenantBuilder.StoreId, Assert.Single(erasure.Stores).StoreId);
    }

    [Fact]
    public void A_store_Twilio_will_not_delete_ends_only_with_an_admins_accepted_residual()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Deprovisioning);
        tenant.Erasure.RecordConfigurationDeleted(TenantBuilder.Now);
        tenant.Erasure.RetireStore(TenantBuilder.Now);
        tenant.Erasure.RecordRetiredStoreDeleteRefused(tenant.RetiredStores[0], "403 beta");
        tenant.ClearLifecycleEvents();

        tenant.AcceptResidualErasure("Twilio's beta refuses deletes", TenantBuilder.Now);

        Assert.Equal(TenantStatus.Deleted, tenant.Status);
        Assert.Contains(TenantBuilder.StoreId, tenant.LastError, StringComparison.Ordinal);
        Assert.Equal("Erasure:accept-residual", tenant.LifecycleEvents[0].Action);
        var erasure = ErasureRecord.Of(tenant)!;
        Assert.False(erasure.Complete);
        Assert.NotNull(Assert.Single(erasure.Stores).ResidualAcceptedAt);
    }

    [Fact]
    public void A_residual_cannot_be_accepted_when_nothing_remains()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Deprovisioning);
        tenant.Erasure.RecordConfigurationDeleted(TenantBuilder.Now);
        tenant.Erasure.RetireStore(TenantBuilder.Now);
        foreach (var retired in tenant.RetiredStores) tenant.Erasure.RecordRetiredStoreDeleted(retired, TenantBuilder.Now);

        Assert.Throws<TenantTransitionRefusedException>(() => tenant.AcceptResidualErasure("x", TenantBuilder.Now));
    }

    [Theory]
    [InlineData("Acme Inc", null)]
    [InlineData("Acme", "https://isv.example/hooks")]
    public void A_repeated_signup_with_other_settings_is_refused_even_when_ready(string displayName, string? callbackUrl)
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Ready);

        var refused = Assert.Throws<TenantTransitionRefusedException>(() => RepeatedSignup.Accept(tenant, displayName, OrchestratorSettings.Default, callbackUrl, TenantIsolation.Pooled));

        Assert.Contains("different settings", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_signup_naming_another_blueprint_is_refused_and_one_naming_none_is_accepted()
    {
        var tenant = new Tenant("acme", "Acme", OrchestratorSettings.Default, null, TenantIsolation.Pooled, TenantBuilder.Now, TenantBlueprint.Wanted("support", 3));

        RepeatedSignup.Accept(tenant, "Acme", OrchestratorSettings.Default, null, TenantIsolation.Pooled, blueprint: null);
        RepeatedSignup.Accept(tenant, "Acme", OrchestratorSettings.Default, null, TenantIsolation.Pooled, blueprint: "support");
        var refused = Assert.Throws<TenantTransitionRefusedException>(() =>
            RepeatedSignup.Accept(tenant, "Acme", OrchestratorSettings.Default, null, TenantIsolation.Pooled, blueprint: "sales"));

        Assert.Contains("blueprint 'support'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_signup_of_a_failed_tenant_says_an_admin_can_retry_it()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Failed);

        var refused = Assert.Throws<TenantTransitionRefusedException>(() => RepeatedSignup.Accept(tenant, "Acme", OrchestratorSettings.Default, null, TenantIsolation.Pooled));

        Assert.Contains("retry", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tenant_keeps_the_isolation_it_signed_up_with()
    {
        Assert.Equal(TenantIsolation.Dedicated, TenantBuilder.New(isolation: TenantIsolation.Dedicated).Isolation);
        Assert.Equal(TenantIsolation.Pooled, TenantBuilder.New().Isolation);
    }

    [Theory]
    [InlineData(TenantStatus.Pending)]
    [InlineData(TenantStatus.Ready)]
    public void A_repeated_signup_with_the_other_isolation_is_refused_and_says_which_it_has(TenantStatus status)
    {
        var tenant = TenantBuilder.InStatus(status);

        var refused = Assert.Throws<TenantTransitionRefusedException>(() =>
            RepeatedSignup.Accept(tenant, "Acme", OrchestratorSettings.Default, null, TenantIsolation.Dedicated));

        Assert.Contains("isolation pooled, not dedicated", refused.Message, StringComparison.Ordinal);
        Assert.Equal(TenantIsolation.Pooled, tenant.Isolation);
        Assert.Equal(status, tenant.Status);
    }

    [Fact]
    public void A_settings_change_cannot_change_the_isolation_but_may_repeat_it()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Ready);

        var refused = Assert.Throws<TenantSettingsNotChangeableException>(() =>
            tenant.ChangeSettings("Acme Inc", null, OrchestratorSettings.Default, TenantIsolation.Dedicated));

        Assert.Equal("isolation", refused.Field);
        Assert.Equal(("Acme", 1, TenantIsolation.Pooled), (tenant.DisplayName, tenant.SettingsRevision, tenant.Isolation));
        Assert.Empty(tenant.LifecycleEvents);
        Assert.True(tenant.ChangeSettings("Acme Inc", null, OrchestratorSettings.Default, TenantIsolation.Pooled));
    }

    [Theory]
    [InlineData(TenantStatus.Ready)]
    [InlineData(TenantStatus.Failed)]
    [InlineData(TenantStatus.PendingDeletion)]
    public void Only_a_running_saga_records_progress(TenantStatus status)
    {
        var tenant = TenantBuilder.InStatus(status);

        Assert.Throws<TenantTransitionRefusedException>(() => tenant.Onboarding.RecordStore("mem_store_other"));
        Assert.Throws<TenantTransitionRefusedException>(() => tenant.Erasure.RecordConfigurationDeleted(TenantBuilder.Now));
        Assert.Throws<TenantTransitionRefusedException>(() => tenant.RecordTransientFailure("x"));
        Assert.Throws<TenantTransitionRefusedException>(() => tenant.RecordThrottled("x"));
    }

    [Fact]
    public void Throttling_is_recorded_as_the_last_error_but_spends_no_attempt()
    {
        var tenant = TenantBuilder.Placed();
        tenant.RecordTransientFailure("500");

        tenant.RecordThrottled("429 Too Many Requests");

        Assert.Equal(1, tenant.FailedAttempts);
        Assert.Equal("429 Too Many Requests", tenant.LastError);
        Assert.Equal(TenantStatus.Provisioning, tenant.Status);
    }

    [Fact]
    public void Retry_gives_a_fresh_budget_from_the_progress_recorded()
    {
        var tenant = TenantBuilder.Placed();
        tenant.RecordTransientFailure("500");
        tenant.RecordTransientFailure("500");
        tenant.MarkFailed("gave up");

        tenant.Retry(reason: null);

        Assert.Equal(0, tenant.FailedAttempts);
        Assert.Equal(TenantBuilder.AccountSid, tenant.AccountSid);
        Assert.Equal("Retry", tenant.LifecycleEvents[^1].Action);
    }

    [Fact]
    public void An_error_longer_than_its_column_is_cut_rather_than_failing_every_save()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Provisioning);

        tenant.MarkFailed(new string('x', 5000));

        Assert.Equal(Tenant.LastErrorMaxLength, tenant.LastError!.Length);
    }

    [Fact]
    public void Offboarding_never_reuses_the_key_of_an_unfinished_settings_update_for_the_delete()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Ready);
        tenant.ChangeSettings("Acme", null, OrchestratorSettings.Default with { MemoryExtractionEnabled = false }, TenantIsolation.Pooled);
        tenant.Onboarding.RecordConfigurationUpdateRequested(Guid.NewGuid(), tenant.SettingsRevision);
        tenant.RequestDeletion(immediate: true, TenantBuilder.GracePeriod, "churned", TenantBuilder.Now);

        tenant.BeginDeprovisioning(TenantBuilder.Now);

        Assert.Null(tenant.ConfigurationProgress.UpdateKey);
    }

    [Fact]
    public void A_failed_tenant_Twilio_holds_nothing_of_gives_its_slot_back_stays_Failed_and_a_retry_is_placed_afresh()
    {
        var tenant = TenantBuilder.Placed();
        tenant.Onboarding.RecordStoreCreateRequested(TenantBuilder.Now);
        tenant.Onboarding.RecordStoreCreateRefused();
        tenant.MarkFailed("store create refused");
        tenant.ClearLifecycleEvents();
        Assert.Equal(FailedRetentionAction.ReleaseSlot, tenant.ActionAfterFailedRetention);

        tenant.ReleaseFailedSlot("failed too long", TenantBuilder.Now);

        Assert.Equal(TenantStatus.Failed, tenant.Status);
        Assert.Null(tenant.AccountSid);
        Assert.Equal(TenantBuilder.Now, tenant.SlotReleasedAt);
        var released = Assert.Single(tenant.LifecycleEvents);
        Assert.Equal(("FailedSlotReleased", TenantStatus.Failed, TenantStatus.Failed, "failed too long"),
            (released.Action, released.Before, released.After, released.Reason));
        // Once is enough: nothing left to give back.
        Assert.Equal(FailedRetentionAction.Keep, tenant.ActionAfterFailedRetention);
        Assert.Throws<TenantTransitionRefusedException>(() => tenant.ReleaseFailedSlot("again", TenantBuilder.Now));

        tenant.Retry("try again");

        Assert.Equal(TenantStatus.Provisioning, tenant.Status);
        Assert.Null(tenant.SlotReleasedAt);
        Assert.Null(tenant.AccountSid); // the saga reserves a fresh slot
    }

    [Fact]
    public void A_failed_tenant_that_never_was_Ready_but_made_a_store_is_offboarded_and_cannot_just_give_its_slot_back()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Failed);
        Assert.Equal(FailedRetentionAction.Offboard, tenant.ActionAfterFailedRetention);

        Assert.Throws<TenantTransitionRefusedException>(() => tenant.ReleaseFailedSlot("failed too long", TenantBuilder.Now));
        tenant.OffboardAfterFailedRetention("failed too long", TenantBuilder.Now);

        Assert.Equal(TenantStatus.PendingDeletion, tenant.Status);
        Assert.Equal(TenantBuilder.AccountSid, tenant.AccountSid);
        Assert.True(tenant.HasOffboardingWork(TenantBuilder.Now));
        var offboarded = Assert.Single(tenant.LifecycleEvents);
        Assert.Equal(("Offboard:failed-retention", TenantStatus.Failed, TenantStatus.PendingDeletion),
            (offboarded.Action, offboarded.Before, offboarded.After));
        tenant.CancelDeletion("keep it");
        Assert.Equal(TenantStatus.Failed, tenant.Status);
    }

    [Fact]
    public void A_failed_tenant_that_was_Ready_once_keeps_its_store_and_its_slot()
    {
        var tenant = TenantBuilder.InStatus(TenantStatus.Ready);
        tenant.RequestRepair("check");
        tenant.MarkFailed("repair refused");
        tenant.ClearLifecycleEvents();

        Assert.Equal(FailedRetentionAction.Keep, tenant.ActionAfterFailedRetention);
        Assert.Throws<TenantTransitionRefusedException>(() => tenant.ReleaseFailedSlot("failed too long", TenantBuilder.Now));
        Assert.Throws<TenantTransitionRefusedException>(() => tenant.OffboardAfterFailedRetention("failed too long", TenantBuilder.Now));
        Assert.Equal((TenantStatus.Failed, TenantBuilder.AccountSid, TenantBuilder.StoreId), (tenant.Status, tenant.AccountSid, tenant.MemoryStoreId));
        Assert.Empty(tenant.LifecycleEvents);
    }

    [Fact]
    public void A_failed_tenant_whose_store_create_outcome_is_unknown_keeps_its_slot()
    {
        var tenant = TenantBuilder.Placed();
        tenant.Onboarding.RecordStoreCreateRequested(TenantBuilder.Now);
        tenant.MarkFailed("Gave up after 8 attempts. Last error: 503");

        // A store may exist that the service has no id of: offboarding could not erase it, the slot may not go.
        Assert.Equal(FailedRetentionAction.Keep, tenant.ActionAfterFailedRetention);
    }
}
