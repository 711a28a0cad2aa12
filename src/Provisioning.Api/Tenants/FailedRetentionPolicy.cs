namespace Provisioning.Api.Tenants;

/// <summary>
/// What a tenant does once it has been Failed for longer than Provisioning:FailedSlotRetention: give its slot back
/// when Twilio holds nothing of it; be offboarded (what it made erased, as offboarding erases) when it never was
/// Ready; else keep everything, because a tenant that was Ready once may hold its client's data, which no timer deletes.
/// </summary>
public static class FailedRetentionPolicy
{
    public static FailedRetentionAction For(Tenant tenant) =>
        tenant.Status != TenantStatus.Failed || tenant.AccountSid is null || tenant.SlotReleasedAt is not null ? FailedRetentionAction.Keep
        : HoldsNothingAtTwilio(tenant) ? FailedRetentionAction.ReleaseSlot
        : tenant.ReadyAt is null && KnowsEverythingItHoldsAtTwilio(tenant) ? FailedRetentionAction.Offboard
        : FailedRetentionAction.Keep;

    private static bool HoldsNothingAtTwilio(Tenant tenant) =>
        tenant.MemoryStoreId is null && tenant.StoreProgress.CreateRequestedAt is null
        && tenant.OrchestratorConfigurationId is null && tenant.ConfigurationProgress.IdempotencyKey is null
        && !tenant.RetiredStores.Any(r => r.IsAtTwilio);

    // No create whose outcome is unknown: offboarding deletes what it has ids of, and would leave such a store behind.
    private static bool KnowsEverythingItHoldsAtTwilio(Tenant tenant) =>
        (tenant.StoreProgress.CreateRequestedAt is null || tenant.MemoryStoreId is not null)
        && (tenant.ConfigurationProgress.IdempotencyKey is null || tenant.OrchestratorConfigurationId is not null);
}
