namespace Provisioning.Api.Tenants;

/// <summary>
/// What the offboarding saga records of a <see cref="Tenant"/>'s erasure, reached as <see cref="Tenant.Erasure"/>:
/// the configuration deleted, stores found or retired for deletion, the slot given back. Each record is made only
/// while offboarding owns the tenant (Deprovisioning).
/// </summary>
/// <remarks>A view over the tenant's own columns (no state of its own), so that the aggregate's row stays as it is.</remarks>
public sealed class ErasureProgress : IRetiredStoreProgress
{
    private const string DeprovisioningRule = "only the offboarding saga of a Deprovisioning tenant records offboarding progress";

    private readonly Tenant _tenant;

    internal ErasureProgress(Tenant tenant) => _tenant = tenant;

    /// <summary>
    /// Whether offboarding still has work in the tenant's account: a store or configuration to delete (recorded, or
    /// maybe created with its answer lost: a configuration is looked for only while the tenant has its store), or the
    /// slot to give back. Once not, the account may be gone (a dedicated subaccount closed by a run that died before
    /// the tenant was Deleted), and a rerun must not need its key.
    /// </summary>
    public bool HasWorkInItsAccount =>
        _tenant.AccountSid is not null
        && (_tenant.MemoryStoreId is not null || _tenant.OrchestratorConfigurationId is not null || MayHaveUnrecordedStore || _tenant.SlotReleasedAt is null);

    /// <summary>Whether a store create was sent whose outcome the tenant has not recorded: a store may exist it has no id for.</summary>
    public bool MayHaveUnrecordedStore => _tenant.MemoryStoreId is null && _tenant.StoreProgress.CreateRequestedAt is not null;

    /// <summary>Whether a configuration create was sent whose outcome the tenant has not recorded.</summary>
    public bool MayHaveUnrecordedConfiguration => _tenant.OrchestratorConfigurationId is null && _tenant.ConfigurationProgress.IdempotencyKey is not null;

    /// <summary>
    /// Offboarding looked a store up by name whose create's outcome was never recorded (its answer lost, or its run
    /// failed first): the store found, if any, is the tenant's and is erased with the rest; either way the create
    /// is settled.
    /// </summary>
    public void RecordStoreFound(string? storeId)
    {
        RequireDeprovisioning();
        _tenant.MemoryStoreId ??= storeId;
        _tenant.StoreProgress = StoreProgress.None;
    }

    /// <summary>The same for a configuration whose create's outcome was never recorded.</summary>
    public void RecordConfigurationFound(string? configurationId)
    {
        RequireDeprovisioning();
        _tenant.OrchestratorConfigurationId ??= configurationId;
        _tenant.ConfigurationProgress = _tenant.ConfigurationProgress with { IdempotencyKey = null, RequestedAt = null, OperationId = null };
    }

    /// <summary>The configuration's delete is about to be sent with this Idempotency-Key.</summary>
    public void RecordConfigurationDeleteRequested(Guid key)
    {
        RequireDeprovisioning();
        _tenant.ConfigurationProgress = _tenant.ConfigurationProgress with { UpdateKey = key, UpdateRevision = null };
    }

    public void RecordConfigurationDeleted(DateTimeOffset now)
    {
        RequireDeprovisioning();
        _tenant.ErasedConfigurationId = _tenant.OrchestratorConfigurationId;
        _tenant.ConfigurationErasedAt = now;
        _tenant.OrchestratorConfigurationId = null;
        _tenant.ConfigurationProgress = ConfigurationProgress.None;
    }

    /// <summary>
    /// Erasure, first step for the store: the current store joins the retired ones (which now hold its slot), so
    /// that one loop deletes every store the tenant ever had, in any account.
    /// </summary>
    public void RetireStore(DateTimeOffset now)
    {
        RequireDeprovisioning();
        if (_tenant.MemoryStoreId is null) return;
        _tenant.RetireCurrentStore(deleteAtTwilio: true, now);
        _tenant.SlotReleasedAt = now;
    }

    /// <summary>The tenant never had a store (or it is already gone): its slot goes back.</summary>
    public void RecordSlotReleased(DateTimeOffset now)
    {
        RequireDeprovisioning();
        _tenant.SlotReleasedAt = now;
    }

    public void RecordRetiredStoreRenamed(RetiredStore retired) => RetiredStoreBeingErased(retired).MarkRenamed();

    public void RecordRetiredStoreDeleted(RetiredStore retired, DateTimeOffset now) => RetiredStoreBeingErased(retired).MarkDeleted(now);

    public void RecordRetiredStoreDeleteRefused(RetiredStore retired, string refusal) => RetiredStoreBeingErased(retired).MarkDeleteRefused(refusal);

    private RetiredStore RetiredStoreBeingErased(RetiredStore retired)
    {
        RequireDeprovisioning();
        return _tenant.OwnRetiredStore(retired);
    }

    private void RequireDeprovisioning() => _tenant.RequireProgress(DeprovisioningRule, TenantStatus.Deprovisioning);
}
