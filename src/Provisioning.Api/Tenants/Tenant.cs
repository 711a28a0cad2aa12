namespace Provisioning.Api.Tenants;

public enum TenantStatus
{
    Pending,
    Provisioning,
    Ready,
    Failed,
    PendingDeletion,
    Deprovisioning,
    Deleted,
}

/// <summary>What an admin asked the onboarding saga to do on its next run, besides finishing onboarding.</summary>
public enum ReprovisionMode
{
    None,

    /// <summary>Check what the recorded ids point at; recreate only what no longer exists.</summary>
    Repair,

    /// <summary>A new store, the configuration switched to it, then the old store retired.</summary>
    Recreate,
}

/// <summary>
/// One ISV client and its Twilio resources. Every field the onboarding saga writes is progress that a
/// later run resumes from, so each is set before or right after the Twilio call it belongs to.
/// </summary>
public sealed class Tenant
{
    public const string StoreNamePrefix = "client-";

    private Tenant()
    {
    }

    public Tenant(string clientId, string? displayName, OrchestratorSettings orchestrator, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        ClientId = clientId;
        DisplayName = displayName;
        Orchestrator = orchestrator;
        MemoryStoreName = StoreNamePrefix + clientId;
        Status = TenantStatus.Pending;
        // PostgreSQL keeps microseconds: truncate now, so the 202 shows what a later GET will.
        CreatedAt = UpdatedAt = new DateTimeOffset(now.Ticks - now.Ticks % 10, now.Offset);
    }

    /// <summary>Time-ordered (UUIDv7), so it doubles as the keyset paging key.</summary>
    public Guid Id { get; private set; }

    public string ClientId { get; private set; } = "";
    public string? DisplayName { get; private set; }
    public OrchestratorSettings Orchestrator { get; private set; } = OrchestratorSettings.Default;
    public TenantStatus Status { get; private set; }

    /// <summary>
    /// The Twilio account whose credentials create and own this tenant's resources: assigned with a slot before
    /// the store is created, and kept on every retry (a retry elsewhere would leave a duplicate behind).
    /// </summary>
    public string? AccountSid { get; private set; }

    public string MemoryStoreName { get; private set; } = "";

    /// <summary>Set just before a store create is sent; while set, the create's outcome may be unknown.</summary>
    public DateTimeOffset? StoreCreateRequestedAt { get; private set; }

    public string? MemoryStoreOperationId { get; private set; }
    public string? MemoryStoreId { get; private set; }
    public DateTimeOffset? MemoryStoreActiveAt { get; private set; }

    /// <summary>Idempotency-Key of the configuration create, persisted before the call (valid 24 h at Twilio).</summary>
    public Guid? ConfigurationIdempotencyKey { get; private set; }

    public DateTimeOffset? ConfigurationRequestedAt { get; private set; }
    public string? OrchestratorConfigurationId { get; private set; }
    public string? ConfigurationOperationId { get; private set; }

    /// <summary>When a SignupDispatcher enqueued this signup's onboarding; null while it waits to be dispatched.</summary>
    public DateTimeOffset? OnboardingDispatchedAt { get; private set; }

    /// <summary>HTTP requests to Twilio made for this tenant by its sagas, retries included: what a tenant costs.</summary>
    public int TwilioCalls { get; private set; }

    public void RecordTwilioCalls(long calls) => TwilioCalls += (int)calls;

    /// <summary>Failed attempts of the saga since it last started from an admin action or a signup.</summary>
    public int FailedAttempts { get; private set; }

    public string? LastError { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? ReadyAt { get; private set; }

    /// <summary>PostgreSQL xmin: optimistic concurrency for every update.</summary>
    public uint Version { get; private set; }

    /// <summary>The store the configuration references, as we last set it; differs from the store after a recreate or repair.</summary>
    public string? ConfiguredStoreId { get; private set; }

    /// <summary>Idempotency-Key of the pending configuration update (switch to a new store).</summary>
    public Guid? ConfigurationUpdateKey { get; private set; }

    public ReprovisionMode PendingReprovision { get; private set; }

    /// <summary>Set from an admin's reprovision until the tenant is Ready again (its webhook says "reprovisioned").</summary>
    public bool ReprovisionInProgress { get; private set; }

    /// <summary>Status to return to when a pending deletion is cancelled.</summary>
    public TenantStatus? StatusBeforeDeletion { get; private set; }

    public DateTimeOffset? DeletionDueAt { get; private set; }

    /// <summary>Set when offboarding gave the tenant's slot back (or handed it to a store Twilio would not delete).</summary>
    public DateTimeOffset? SlotReleasedAt { get; private set; }
    public DateTimeOffset? DeletedAt { get; private set; }

    /// <summary>Optional URL of the ISV that receives this tenant's lifecycle webhooks, besides the configured one.</summary>
    public string? CallbackUrl { get; private set; }

    /// <summary>Stores this tenant used before (recreate, or offboarding that Twilio refused to delete).</summary>
    public List<RetiredStore> RetiredStores { get; private set; } = [];

    /// <summary>Nothing left for the onboarding saga to do.</summary>
    public bool IsTerminal => Status is TenantStatus.Ready or TenantStatus.Failed or TenantStatus.PendingDeletion
        or TenantStatus.Deprovisioning or TenantStatus.Deleted;

    /// <summary>Whether a repeated signup asks for exactly this tenant (then it is answered, not refused).</summary>
    public bool HasSameSettings(string? displayName, OrchestratorSettings orchestrator, string? callbackUrl) =>
        DisplayName == displayName && Orchestrator.Equals(orchestrator) && CallbackUrl == callbackUrl;

    public void SetCallbackUrl(string? callbackUrl) => CallbackUrl = callbackUrl;

    public void StartProvisioning(DateTimeOffset now)
    {
        if (Status == TenantStatus.Pending) Status = TenantStatus.Provisioning;
        Touch(now);
    }

    public void AssignAccount(string accountSid, DateTimeOffset now)
    {
        AccountSid = accountSid;
        Touch(now);
    }

    /// <summary>The account turned out to be full before any store was made there: be placed elsewhere.</summary>
    public void LeaveAccount(DateTimeOffset now)
    {
        AccountSid = null;
        StoreCreateRequestedAt = null;
        MemoryStoreOperationId = null;
        Touch(now);
    }

    /// <summary>No account can take the tenant yet: it stays Pending, with the reason, until capacity appears.</summary>
    public void WaitForCapacity(string reason, DateTimeOffset now)
    {
        Status = TenantStatus.Pending;
        LastError = reason;
        Touch(now);
    }

    public void RecordStoreCreateRequested(DateTimeOffset now)
    {
        StoreCreateRequestedAt = now;
        Touch(now);
    }

    /// <summary>Twilio refused the create outright (a 4xx): it did nothing, so there is nothing to look for.</summary>
    public void RecordStoreCreateRefused(DateTimeOffset now)
    {
        StoreCreateRequestedAt = null;
        Touch(now);
    }

    public void RecordStoreOperation(string operationId, DateTimeOffset now)
    {
        MemoryStoreOperationId = operationId;
        Touch(now);
    }

    /// <summary>The store create operation ended without a store; the next attempt starts the store over.</summary>
    public void RecordStoreOperationFailed(DateTimeOffset now)
    {
        MemoryStoreOperationId = null;
        StoreCreateRequestedAt = null;
        Touch(now);
    }

    /// <summary>The operation id is unknown to Twilio; the create it stood for may still have happened.</summary>
    public void RecordStoreOperationLost(DateTimeOffset now)
    {
        MemoryStoreOperationId = null;
        Touch(now);
    }

    /// <summary>The recorded store no longer exists at Twilio: start the store over.</summary>
    public void ForgetStore(DateTimeOffset now)
    {
        MemoryStoreId = null;
        MemoryStoreOperationId = null;
        MemoryStoreActiveAt = null;
        StoreCreateRequestedAt = null;
        Touch(now);
    }

    public void RecordStore(string storeId, DateTimeOffset now)
    {
        MemoryStoreId = storeId;
        Touch(now);
    }

    public void RecordStoreActive(DateTimeOffset now)
    {
        MemoryStoreActiveAt = now;
        Touch(now);
    }

    public void RecordConfigurationRequested(Guid idempotencyKey, DateTimeOffset now)
    {
        ConfigurationIdempotencyKey = idempotencyKey;
        ConfigurationRequestedAt = now;
        Touch(now);
    }

    public void RecordConfiguration(string configurationId, string? operationId, DateTimeOffset now)
    {
        OrchestratorConfigurationId = configurationId;
        ConfigurationOperationId = operationId;
        ConfiguredStoreId = MemoryStoreId;
        Touch(now);
    }

    public void RecordConfigurationCreated(DateTimeOffset now)
    {
        ConfigurationOperationId = null;
        Touch(now);
    }

    /// <summary>Twilio says the configuration references <paramref name="storeId"/> (a repair found it so).</summary>
    public void RecordConfiguredStore(string? storeId, DateTimeOffset now)
    {
        ConfiguredStoreId = storeId;
        Touch(now);
    }

    /// <summary>The configuration is gone at Twilio (repair found it missing): create a new one.</summary>
    public void ForgetConfiguration(DateTimeOffset now)
    {
        OrchestratorConfigurationId = null;
        ConfigurationOperationId = null;
        ConfigurationIdempotencyKey = null;
        ConfigurationRequestedAt = null;
        ConfiguredStoreId = null;
        Touch(now);
    }

    public void RecordConfigurationUpdateRequested(Guid key, DateTimeOffset now)
    {
        ConfigurationUpdateKey = key;
        Touch(now);
    }

    /// <summary>The configuration now references the tenant's store.</summary>
    public void RecordConfigurationSwitched(DateTimeOffset now)
    {
        ConfiguredStoreId = MemoryStoreId;
        ConfigurationUpdateKey = null;
        Touch(now);
    }

    /// <summary>An admin asked for a repair or a recreate; the onboarding saga carries it out on its next run.</summary>
    public void RequestReprovision(ReprovisionMode mode, DateTimeOffset now)
    {
        // A recreate is recorded as a retired store (RetireCurrentStore); only a repair needs checking first.
        PendingReprovision = mode == ReprovisionMode.Repair ? mode : ReprovisionMode.None;
        ReprovisionInProgress = true;
        Status = TenantStatus.Provisioning;
        FailedAttempts = 0;
        LastError = null;
        Touch(now);
    }

    public void RecordRepairChecked(DateTimeOffset now)
    {
        PendingReprovision = ReprovisionMode.None;
        Touch(now);
    }

    /// <summary>
    /// Recreate, first step: the current store becomes a retired store (renamed at Twilio next, so its name is
    /// free for the new store), and the tenant has no store until the new one is created.
    /// </summary>
    public RetiredStore RetireCurrentStore(string retiredName, bool deleteAtTwilio, DateTimeOffset now)
    {
        var retired = new RetiredStore(Id, AccountSid!, MemoryStoreId!, MemoryStoreName, retiredName, deleteAtTwilio, now);
        RetiredStores.Add(retired);
        MemoryStoreId = null;
        MemoryStoreOperationId = null;
        MemoryStoreActiveAt = null;
        StoreCreateRequestedAt = null;
        Touch(now);
        return retired;
    }

    /// <summary>Offboarding was asked for; the tenant is deleted at <paramref name="dueAt"/> unless cancelled.</summary>
    public void RequestDeletion(DateTimeOffset dueAt, DateTimeOffset now)
    {
        StatusBeforeDeletion = Status;
        Status = TenantStatus.PendingDeletion;
        DeletionDueAt = dueAt;
        Touch(now);
    }

    public void CancelDeletion(DateTimeOffset now)
    {
        Status = StatusBeforeDeletion ?? TenantStatus.Ready;
        StatusBeforeDeletion = null;
        DeletionDueAt = null;
        Touch(now);
    }

    public void StartDeprovisioning(DateTimeOffset now)
    {
        Status = TenantStatus.Deprovisioning;
        FailedAttempts = 0;
        Touch(now);
    }

    public void RecordConfigurationDeleted(DateTimeOffset now)
    {
        OrchestratorConfigurationId = null;
        ConfigurationUpdateKey = null;
        ConfigurationOperationId = null;
        ConfiguredStoreId = null;
        Touch(now);
    }

    /// <summary>Reconciliation found this tenant's own store (<c>client-&lt;id&gt;</c>) unrecorded: take it instead of making another.</summary>
    public void AdoptStore(string storeId, DateTimeOffset now)
    {
        MemoryStoreId = storeId;
        MemoryStoreActiveAt = null;
        MemoryStoreOperationId = null;
        Touch(now);
    }

    /// <summary>The store is gone at Twilio (deleted by us, or already).</summary>
    public void RecordStoreDeleted(DateTimeOffset now)
    {
        MemoryStoreId = null;
        MemoryStoreActiveAt = null;
        Touch(now);
    }

    public void RecordSlotReleased(DateTimeOffset now)
    {
        SlotReleasedAt = now;
        Touch(now);
    }

    public void MarkDeleted(string? note, DateTimeOffset now)
    {
        Status = TenantStatus.Deleted;
        DeletedAt = now;
        LastError = note;
        Touch(now);
    }

    /// <summary>The configuration operation failed: forget it, and use a fresh Idempotency-Key next time.</summary>
    public void RecordConfigurationFailed(DateTimeOffset now)
    {
        OrchestratorConfigurationId = null;
        ConfigurationOperationId = null;
        ConfigurationIdempotencyKey = null;
        ConfigurationRequestedAt = null;
        Touch(now);
    }

    public void MarkReady(DateTimeOffset now)
    {
        Status = TenantStatus.Ready;
        ReadyAt = now;
        ReprovisionInProgress = false;
        LastError = null;
        FailedAttempts = 0;
        Touch(now);
    }

    /// <summary>A failure that a later attempt may get past. Returns the attempts used so far.</summary>
    public int RecordTransientFailure(string error, DateTimeOffset now)
    {
        FailedAttempts++;
        LastError = error;
        Touch(now);
        return FailedAttempts;
    }

    public void MarkFailed(string error, DateTimeOffset now)
    {
        Status = TenantStatus.Failed;
        LastError = error;
        Touch(now);
    }

    /// <summary>An admin retry: a fresh retry budget, resuming from the progress already recorded.</summary>
    public void Resume(DateTimeOffset now)
    {
        Status = TenantStatus.Provisioning;
        FailedAttempts = 0;
        Touch(now);
    }

    private void Touch(DateTimeOffset now) => UpdatedAt = now;
}
