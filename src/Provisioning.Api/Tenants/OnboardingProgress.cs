namespace Provisioning.Api.Tenants;

/// <summary>
/// What the onboarding saga records of its steps on a <see cref="Tenant"/> (its account, store and configuration at
/// Twilio), reached as <see cref="Tenant.Onboarding"/>. Each record is what a later run resumes from, so it is made
/// before or right after the Twilio call it belongs to, and only while onboarding owns the tenant: while it is
/// Provisioning, or, for the configuration's updates, while a Ready tenant's new settings are applied.
/// </summary>
/// <remarks>A view over the tenant's own columns (no state of its own), so that the aggregate's row stays as it is.</remarks>
public sealed class OnboardingProgress : IRetiredStoreProgress
{
    private const string ProvisioningRule = "only the onboarding saga of a Provisioning tenant records onboarding progress";

    private readonly Tenant _tenant;

    internal OnboardingProgress(Tenant tenant) => _tenant = tenant;

    public void AssignAccount(string accountSid)
    {
        RequireProvisioning();
        _tenant.AccountSid = accountSid;
    }

    /// <summary>
    /// The account turned out to be full: be placed elsewhere, starting over there. A store already made here was
    /// deleted first, or, when Twilio refused (<paramref name="storeDeleteRefusal"/>), is kept as a retired store
    /// that still holds its slot here.
    /// </summary>
    public void LeaveAccount(DateTimeOffset now, string? storeDeleteRefusal = null)
    {
        RequireProvisioning();
        if (_tenant.MemoryStoreId is not null && storeDeleteRefusal is not null)
            _tenant.RetireCurrentStore(deleteAtTwilio: true, now).MarkDeleteRefused(storeDeleteRefusal);
        _tenant.AccountSid = null;
        _tenant.MemoryStoreId = null;
        _tenant.StoreProgress = StoreProgress.None;
        _tenant.OrchestratorConfigurationId = null;
        _tenant.ConfigurationProgress = ConfigurationProgress.None;
    }

    // ---- The store ---------------------------------------------------------------------------------------

    public void RecordStoreCreateRequested(DateTimeOffset now) => SetStore(p => p with { CreateRequestedAt = now });

    /// <summary>Twilio refused the create outright (a 4xx): it did nothing, so there is nothing to look for.</summary>
    public void RecordStoreCreateRefused() => SetStore(p => p with { CreateRequestedAt = null });

    public void RecordStoreOperation(string operationId) => SetStore(p => p with { OperationId = operationId });

    /// <summary>The store create operation ended without a store; the next attempt starts the store over.</summary>
    public void RecordStoreOperationFailed() => SetStore(p => p with { CreateRequestedAt = null, OperationId = null });

    /// <summary>The operation id is unknown to Twilio; the create it stood for may still have happened.</summary>
    public void RecordStoreOperationLost() => SetStore(p => p with { OperationId = null });

    /// <summary>
    /// The tenant's store is <paramref name="storeId"/>. Another store than the one recorded (a recreate, a tenant
    /// placed again, a FAILED store replaced) has none of the blueprint's groups yet, so the blueprint is applied again.
    /// </summary>
    public void RecordStore(string storeId)
    {
        RequireProvisioning();
        if (_tenant.MemoryStoreId != storeId && _tenant.Blueprint.AppliedRevision is not null)
            _tenant.Blueprint = _tenant.Blueprint with { AppliedRevision = null };
        _tenant.MemoryStoreId = storeId;
    }

    /// <summary>The store has every trait group, trait and identifier type of the blueprint's <paramref name="revision"/>.</summary>
    public void RecordBlueprintApplied(int revision)
    {
        RequireConfigurationWork();
        _tenant.Blueprint = _tenant.Blueprint with { AppliedRevision = revision };
    }

    public void RecordStoreActive(DateTimeOffset now) => SetStore(p => p with { ActiveAt = now });

    /// <summary>
    /// Twilio reported the store FAILED and it has been deleted (contract §12 P3): it stays on record as a retired store
    /// that is gone, the history says why, and the tenant's store starts over under the same name.
    /// </summary>
    public void RecordFailedStoreDeleted(DateTimeOffset now, string failure)
    {
        RequireProvisioning();
        _tenant.RetireCurrentStore(deleteAtTwilio: true, now).MarkDeleted(now);
        _tenant.Raise(new TenantLifecycleEvent("StoreFailed", _tenant.Status, _tenant.Status, failure, null, null));
    }

    /// <summary>The recorded store no longer exists at Twilio: start the store over.</summary>
    public void ForgetStore()
    {
        RequireProvisioning();
        _tenant.MemoryStoreId = null;
        _tenant.StoreProgress = StoreProgress.None;
    }

    // ---- The configuration -------------------------------------------------------------------------------

    public void RecordConfigurationRequested(Guid idempotencyKey, DateTimeOffset now) =>
        SetConfiguration(p => p with { IdempotencyKey = idempotencyKey, RequestedAt = now });

    /// <summary>
    /// Twilio accepted the configuration create (its id known from the 202, or not: L3), or has it (found by
    /// name, <paramref name="operationId"/> null). It was created with the settings of <paramref name="revision"/>
    /// and references the tenant's store.
    /// </summary>
    public void RecordConfiguration(string? configurationId, string? operationId, int revision, OrchestratorSettings settings)
    {
        RequireProvisioning();
        _tenant.OrchestratorConfigurationId = configurationId;
        _tenant.ConfigurationProgress = _tenant.ConfigurationProgress with { OperationId = operationId, ConfiguredStoreId = _tenant.MemoryStoreId };
        RecordApplied(revision, settings);
    }

    /// <summary>The create's operation completed; <paramref name="configurationId"/> is the configuration's id however it was learnt.</summary>
    public void RecordConfigurationCreated(string configurationId)
    {
        SetConfiguration(p => p with { OperationId = null });
        _tenant.OrchestratorConfigurationId = configurationId;
    }

    /// <summary>The configuration operation failed: forget it, and use a fresh Idempotency-Key next time.</summary>
    public void RecordConfigurationFailed()
    {
        SetConfiguration(p => p with { IdempotencyKey = null, RequestedAt = null, OperationId = null });
        _tenant.OrchestratorConfigurationId = null;
    }

    /// <summary>Twilio says the configuration references <paramref name="storeId"/> (a repair found it so).</summary>
    public void RecordConfiguredStore(string? storeId) => SetConfiguration(p => p with { ConfiguredStoreId = storeId });

    /// <summary>The configuration is gone at Twilio (repair found it missing): create a new one.</summary>
    public void ForgetConfiguration()
    {
        RequireProvisioning();
        _tenant.OrchestratorConfigurationId = null;
        _tenant.ConfigurationProgress = ConfigurationProgress.None;
    }

    /// <summary>
    /// An update (a full replacement carrying the settings of <paramref name="revision"/>) of the configuration is
    /// about to be sent with this Idempotency-Key. The key is reused only for that same revision.
    /// </summary>
    public void RecordConfigurationUpdateRequested(Guid key, int revision)
    {
        RequireConfigurationWork();
        _tenant.ConfigurationProgress = _tenant.ConfigurationProgress with { UpdateKey = key, UpdateRevision = revision };
    }

    /// <summary>The configuration now references the tenant's store and has the settings of <paramref name="revision"/>.</summary>
    public void RecordConfigurationUpdated(int revision, OrchestratorSettings settings)
    {
        RequireConfigurationWork();
        var wasApplying = _tenant.IsApplyingSettings;
        _tenant.ConfigurationProgress = _tenant.ConfigurationProgress with { ConfiguredStoreId = _tenant.MemoryStoreId, UpdateKey = null, UpdateRevision = null };
        RecordApplied(revision, settings);
        if (wasApplying && !_tenant.HasPendingSettings)
            _tenant.Raise(new TenantLifecycleEvent("SettingsApplied", _tenant.Status, _tenant.Status, $"revision {revision}", null, "tenant.updated"));
    }

    /// <summary>A repair has checked the recorded store and configuration at Twilio.</summary>
    public void RecordRepairChecked()
    {
        RequireProvisioning();
        _tenant.PendingReprovision = ReprovisionMode.None;
    }

    // ---- The stores a recreate retired ---------------------------------------------------------------------

    public void RecordRetiredStoreRenamed(RetiredStore retired) => RetiredStoreOfConfigurationWork(retired).MarkRenamed();

    public void RecordRetiredStoreDeleted(RetiredStore retired, DateTimeOffset now) => RetiredStoreOfConfigurationWork(retired).MarkDeleted(now);

    public void RecordRetiredStoreDeleteRefused(RetiredStore retired, string refusal) => RetiredStoreOfConfigurationWork(retired).MarkDeleteRefused(refusal);

    // The old store is renamed and deleted by the run that switches the configuration away from it.
    private RetiredStore RetiredStoreOfConfigurationWork(RetiredStore retired)
    {
        RequireConfigurationWork();
        return _tenant.OwnRetiredStore(retired);
    }

    private void RecordApplied(int revision, OrchestratorSettings settings)
    {
        if (revision < _tenant.AppliedSettingsRevision) return;
        _tenant.AppliedSettingsRevision = revision;
        _tenant.AppliedOrchestrator = settings;
    }

    private void SetStore(Func<StoreProgress, StoreProgress> change)
    {
        RequireProvisioning();
        _tenant.StoreProgress = change(_tenant.StoreProgress);
    }

    private void SetConfiguration(Func<ConfigurationProgress, ConfigurationProgress> change)
    {
        RequireProvisioning();
        _tenant.ConfigurationProgress = change(_tenant.ConfigurationProgress);
    }

    private void RequireProvisioning() => _tenant.RequireProgress(ProvisioningRule, TenantStatus.Provisioning);

    /// <summary>Configuration updates: while onboarding, or while a Ready tenant's new settings are applied.</summary>
    private void RequireConfigurationWork()
    {
        if (!_tenant.IsApplyingSettings) RequireProvisioning();
    }
}
