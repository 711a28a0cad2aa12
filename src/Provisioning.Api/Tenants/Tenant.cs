using Provisioning.Api.Infrastructure.Database;

namespace Provisioning.Api.Tenants;

/// <summary>
/// One ISV client and its Twilio resources, and the one place that decides what may happen to it next.
/// Every lifecycle change is a method here that checks the current status, refuses what the status does not
/// allow with <see cref="TenantTransitionRefusedException"/> (409 at the API), and raises a
/// <see cref="TenantLifecycleEvent"/> that becomes the audit row. The state diagram is in docs/architecture.md.
/// </summary>
/// <remarks>
/// The progress fields (<see cref="StoreProgress"/>, <see cref="ConfigurationProgress"/>, the ids) are what a
/// saga run resumes from, so each is set before or right after the Twilio call it belongs to. They may only
/// change while a saga owns the tenant: onboarding progress while <see cref="TenantStatus.Provisioning"/>,
/// offboarding progress while <see cref="TenantStatus.Deprovisioning"/>.
/// </remarks>
public sealed class Tenant : ITimestamped
{
    public const string StoreNamePrefix = "client-";

    /// <summary>Audit action of the changes the service makes by itself (as opposed to an admin's action).</summary>
    public const string StatusChangedAction = "StatusChanged";

    /// <summary>The column's size: a longer error (Twilio's message, say) is cut, never allowed to fail the save.</summary>
    public const int LastErrorMaxLength = 2048;

    private readonly List<TenantLifecycleEvent> _lifecycleEvents = [];

    private Tenant()
    {
    }

    public Tenant(string clientId, string? displayName, OrchestratorSettings orchestrator, string? callbackUrl, TenantIsolation isolation, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        ClientId = clientId;
        DisplayName = displayName;
        Orchestrator = orchestrator;
        CallbackUrl = callbackUrl;
        Isolation = isolation;
        MemoryStoreName = StoreNamePrefix + clientId;
        Status = TenantStatus.Pending;
        SettingsRevision = 1;
        Addresses = AddressesOf(orchestrator);
        CreatedAt = UpdatedAt = DatabaseTime.Truncate(now);
        RunDueAt = CreatedAt;
        _lifecycleEvents.Add(new TenantLifecycleEvent("Created", null, TenantStatus.Pending, null, null, null));
    }

    /// <summary>Time-ordered (UUIDv7), so it doubles as the keyset paging key.</summary>
    public Guid Id { get; private set; }

    public string ClientId { get; private set; } = "";
    public string? DisplayName { get; private set; }
    public OrchestratorSettings Orchestrator { get; private set; } = OrchestratorSettings.Default;
    public TenantStatus Status { get; private set; }

    /// <summary>Optional URL of the ISV that receives this tenant's lifecycle webhooks, besides the configured one.</summary>
    public string? CallbackUrl { get; private set; }

    /// <summary>Pooled (an account shared with other tenants) or dedicated (one of its own); fixed at signup.</summary>
    public TenantIsolation Isolation { get; private set; }

    /// <summary>Increments with every accepted settings change (signup is revision 1).</summary>
    public int SettingsRevision { get; private set; }

    /// <summary>The revision Twilio's configuration has; 0 until the configuration exists. Equal to <see cref="SettingsRevision"/> once applied.</summary>
    public int AppliedSettingsRevision { get; private set; }

    /// <summary>The settings as last applied at Twilio: what reconciliation compares the configuration with, and which channels the service owns there.</summary>
    public OrchestratorSettings? AppliedOrchestrator { get; private set; }

    /// <summary>The addresses this tenant captures, one row per channel and number, unique across live tenants.</summary>
    public List<TenantAddress> Addresses { get; private set; } = [];

    public bool HasPendingSettings => AppliedSettingsRevision < SettingsRevision && OrchestratorConfigurationId is not null;

    /// <summary>
    /// The Twilio account whose credentials create and own this tenant's resources: assigned with a slot before
    /// the store is created, and kept on every retry (a retry elsewhere would leave a duplicate behind).
    /// </summary>
    public string? AccountSid { get; private set; }

    public string MemoryStoreName { get; private set; } = "";
    public string? MemoryStoreId { get; private set; }
    public StoreProgress StoreProgress { get; private set; } = StoreProgress.None;

    public string? OrchestratorConfigurationId { get; private set; }
    public ConfigurationProgress ConfigurationProgress { get; private set; } = ConfigurationProgress.None;

    /// <summary>When the tenant's next run is due; null when nothing is (see <see cref="Run"/>).</summary>
    public DateTimeOffset? RunDueAt { get; private set; }

    /// <summary>The process holding the tenant's run; written by the runner's own statements, never by a command.</summary>
    public string? RunHeldBy { get; private set; }

    /// <summary>When the holder's lease ends unless renewed: after it, any process may take the run up.</summary>
    public DateTimeOffset? RunHeldUntil { get; private set; }

    /// <summary>Runs started on the work now due; back to 0 once a run leaves nothing due.</summary>
    public int RunAttempt { get; private set; }

    /// <summary>What the tenant needs next and who holds it: one read says why it is or is not running.</summary>
    public TenantRun Run => new(RunDueAt, RunHeldBy, RunHeldUntil, RunAttempt);

    /// <summary>HTTP requests to Twilio made for this tenant by its sagas, retries included: what a tenant costs.</summary>
    public int TwilioCalls { get; private set; }

    /// <summary>Failed attempts of the saga since it last started from an admin action or a signup.</summary>
    public int FailedAttempts { get; private set; }

    public string? LastError { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? ReadyAt { get; private set; }

    /// <summary>PostgreSQL xmin: optimistic concurrency for every update.</summary>
    public uint Version { get; private set; }

    public ReprovisionMode PendingReprovision { get; private set; }

    /// <summary>Set from an admin's reprovision until the tenant is Ready again (its webhook says "reprovisioned").</summary>
    public bool ReprovisionInProgress { get; private set; }

    /// <summary>Status to return to when a pending deletion is cancelled.</summary>
    public TenantStatus? StatusBeforeDeletion { get; private set; }

    public DateTimeOffset? DeletionDueAt { get; private set; }

    /// <summary>
    /// Set when offboarding gave the tenant's slot back (or handed it to a store Twilio would not delete), or when a
    /// tenant Failed for longer than the retention gave it back (it then has no account until a retry places it).
    /// </summary>
    public DateTimeOffset? SlotReleasedAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    /// <summary>
    /// Tenant access tokens carry the generation they were made in and work only while it is current: offboarding
    /// and a recreate move it on, so every token made before stops working at once, though none is stored.
    /// </summary>
    public int TokenGeneration { get; private set; } = 1;

    /// <summary>The configuration offboarding deleted, and when: part of the erasure record.</summary>
    public string? ErasedConfigurationId { get; private set; }

    public DateTimeOffset? ConfigurationErasedAt { get; private set; }

    /// <summary>Stores this tenant used before (recreate, or offboarding that Twilio refused to delete).</summary>
    public List<RetiredStore> RetiredStores { get; private set; } = [];

    /// <summary>What happened since the last save; the audit interceptor writes and clears them.</summary>
    public IReadOnlyList<TenantLifecycleEvent> LifecycleEvents => _lifecycleEvents;

    public void ClearLifecycleEvents() => _lifecycleEvents.Clear();

    /// <summary>Whether the onboarding saga has work to do on this tenant (or will, once capacity appears): onboarding, or settings to apply.</summary>
    public bool HasOnboardingWork => Status is TenantStatus.Pending or TenantStatus.Provisioning || IsApplyingSettings;

    /// <summary>A Ready tenant whose settings changed: the saga puts them into its configuration, and the tenant stays Ready meanwhile.</summary>
    private bool IsApplyingSettings => Status == TenantStatus.Ready && HasPendingSettings;

    /// <summary>Whether Twilio must hold this tenant's store and configuration now (what reconciliation checks).</summary>
    public bool ExpectsResourcesAtTwilio => Status == TenantStatus.Ready;

    /// <summary>Whether the offboarding saga has work to do on this tenant now.</summary>
    public bool HasOffboardingWork(DateTimeOffset now) =>
        Status == TenantStatus.Deprovisioning || (Status == TenantStatus.PendingDeletion && DeletionDueAt <= now);

    // ---- Signup ------------------------------------------------------------------------------------------

    /// <summary>
    /// The same signup again: answered with this tenant while it is live, refused when the settings differ or
    /// the tenant is on its way out or stopped (a 202 would promise work that nothing will do).
    /// </summary>
    public void AcceptRepeatedSignup(string? displayName, OrchestratorSettings orchestrator, string? callbackUrl, TenantIsolation isolation)
    {
        if (isolation != Isolation)
            throw new TenantTransitionRefusedException(ClientId, Status, $"it already exists with isolation {TenantRules.NameOf(Isolation)}, not {TenantRules.NameOf(isolation)}");
        if (DisplayName != displayName || !Orchestrator.Equals(orchestrator) || CallbackUrl != callbackUrl)
            throw new TenantTransitionRefusedException(ClientId, Status, "it already exists with different settings");
        switch (Status)
        {
            case TenantStatus.Pending or TenantStatus.Provisioning or TenantStatus.Ready:
                return;
            case TenantStatus.Failed:
                throw new TenantTransitionRefusedException(ClientId, Status, $"its provisioning stopped ({LastError}); an admin can retry it");
            case TenantStatus.PendingDeletion:
                throw new TenantTransitionRefusedException(ClientId, Status,
                    $"it is to be deleted at {DeletionDueAt:O}; an admin can cancel the deletion, or sign it up again once it is Deleted");
            default:
                throw new TenantTransitionRefusedException(ClientId, Status, "it is being deleted; sign it up again once it is Deleted");
        }
    }

    /// <summary>
    /// A command calls for a run: recorded in the command's own transaction, due now (an offboarding when its grace
    /// period ends, a bulk retry at its turn). A run due now is always written anew, so a run in progress when the
    /// command lands sees its due time moved and leaves it due when it gives the tenant back.
    /// </summary>
    public void RequestRun(DateTimeOffset now)
    {
        var dueAt = Status == TenantStatus.PendingDeletion && DeletionDueAt is { } deletion && deletion > now ? deletion : now;
        if (dueAt <= now || RunDueAt is null || dueAt < RunDueAt) RunDueAt = DatabaseTime.Truncate(dueAt);
    }

    /// <summary>A lease renewed at a checkpoint of the run that holds it.</summary>
    public void ExtendRunLease(string holder, DateTimeOffset until)
    {
        if (RunHeldBy == holder) RunHeldUntil = DatabaseTime.Truncate(until);
    }

    // ---- Onboarding: the saga's run ------------------------------------------------------------------------

    /// <summary>A run of the onboarding saga starts; false when the tenant has nothing for onboarding to do.</summary>
    public bool BeginOnboardingRun()
    {
        if (Status == TenantStatus.Provisioning || IsApplyingSettings) return true;
        if (Status != TenantStatus.Pending) return false;
        ChangeStatus(TenantStatus.Provisioning, StatusChangedAction);
        return true;
    }

    /// <summary>No account can take the tenant yet: it waits, Pending with the reason, until capacity appears.</summary>
    public void WaitForCapacity(string reason)
    {
        RequireOnboarding();
        LastError = Infrastructure.Text.Truncate(reason, LastErrorMaxLength);
        ChangeStatus(TenantStatus.Pending, StatusChangedAction, reason);
    }

    /// <summary>Store ACTIVE, configuration created and referencing it: the tenant is Ready.</summary>
    public void MarkReady(DateTimeOffset now)
    {
        RequireOnboarding();
        if (MemoryStoreId is null || StoreProgress.ActiveAt is null || OrchestratorConfigurationId is null
            || ConfigurationProgress.OperationId is not null || ConfigurationProgress.ConfiguredStoreId != MemoryStoreId)
            throw new InvalidOperationException($"Tenant '{ClientId}' cannot be Ready: its store is not ACTIVE or its configuration does not reference it.");
        var webhook = ReprovisionInProgress ? "tenant.reprovisioned" : "tenant.ready";
        ReadyAt = now;
        ReprovisionInProgress = false;
        LastError = null;
        FailedAttempts = 0;
        ChangeStatus(TenantStatus.Ready, StatusChangedAction, webhookType: webhook);
    }

    /// <summary>A failure that a later attempt may get past. Returns the attempts used so far.</summary>
    public int RecordTransientFailure(string error)
    {
        RequireSagaRun();
        FailedAttempts++;
        LastError = Infrastructure.Text.Truncate(error, LastErrorMaxLength);
        return FailedAttempts;
    }

    /// <summary>
    /// Twilio throttled the run (429 past the client's own retries): the run tries again after Twilio's Retry-After
    /// without spending an attempt, because a busy Twilio says nothing about the tenant.
    /// </summary>
    public void RecordThrottled(string error)
    {
        RequireSagaRun();
        LastError = Infrastructure.Text.Truncate(error, LastErrorMaxLength);
    }

    /// <summary>Onboarding cannot succeed without an admin (a refusal, or the retry budget spent).</summary>
    public void MarkFailed(string error)
    {
        RequireConfigurationWork();
        LastError = Infrastructure.Text.Truncate(error, LastErrorMaxLength);
        ChangeStatus(TenantStatus.Failed, StatusChangedAction, error, webhookType: "tenant.failed");
    }

    public void RecordTwilioCalls(long calls) => TwilioCalls += (int)calls;

    // ---- Settings ----------------------------------------------------------------------------------------

    /// <summary>
    /// A settings change from the control plane: a new revision that the onboarding saga applies to the
    /// configuration (the tenant stays Ready meanwhile). False when nothing changes. The grouping type cannot
    /// change: Twilio allows it only when a configuration is created (L4). Nor can the isolation: the store and the
    /// configuration would have to move to another account.
    /// </summary>
    public bool ChangeSettings(string? displayName, string? callbackUrl, OrchestratorSettings orchestrator, TenantIsolation isolation)
    {
        Require("only a Ready or Provisioning tenant's settings can change", TenantStatus.Ready, TenantStatus.Provisioning);
        if (isolation != Isolation)
            throw new TenantSettingsNotChangeableException("isolation",
                $"A tenant's isolation is fixed at signup (this one is {TenantRules.NameOf(Isolation)}): changing it means moving its store and "
                + "configuration to another account, which the service does not do yet. To change it, offboard the tenant (its memory is erased) and sign it up again.");
        if (orchestrator.ConversationGroupingType != Orchestrator.ConversationGroupingType)
            throw new TenantSettingsNotChangeableException("orchestrator.conversationGroupingType",
                "Twilio cannot change a configuration's conversationGroupingType (it is fixed when the configuration is created). "
                + "To change it, offboard the tenant and sign it up again with the new grouping: its configuration is then recreated.");
        if (DisplayName == displayName && CallbackUrl == callbackUrl && Orchestrator.Equals(orchestrator)) return false;

        DisplayName = displayName;
        CallbackUrl = callbackUrl;
        Orchestrator = orchestrator;
        SettingsRevision++;
        SyncAddresses();
        _lifecycleEvents.Add(new TenantLifecycleEvent("SettingsChanged", Status, Status, $"revision {SettingsRevision}", null, null));
        return true;
    }

    // ---- Admin operations ----------------------------------------------------------------------------------

    /// <summary>
    /// An admin retry: a fresh retry budget, resuming from the progress already recorded. A tenant whose slot went
    /// back after the failed retention takes a fresh one.
    /// </summary>
    public void Retry(string? reason, bool inBulk = false)
    {
        Require("only a Failed tenant can be retried", TenantStatus.Failed);
        FailedAttempts = 0;
        SlotReleasedAt = null;
        ChangeStatus(TenantStatus.Provisioning, inBulk ? "BulkRetry" : "Retry", reason);
    }

    /// <summary>An access token to the tenant's memory may be made only for a Ready tenant; returns the generation it carries.</summary>
    public int AuthorizeAccessToken()
    {
        Require("access tokens are made only for a Ready tenant", TenantStatus.Ready);
        return TokenGeneration;
    }

    /// <summary>
    /// Whether the tenant's memory may be used now: its store is recorded and has been ACTIVE, and the tenant is
    /// Ready or being repaired or updated in place (a recreate forgets the store until the new one is active).
    /// </summary>
    public static bool ServesMemory(TenantStatus status, string? memoryStoreId, DateTimeOffset? storeActiveAt) =>
        status is TenantStatus.Ready or TenantStatus.Provisioning && memoryStoreId is not null && storeActiveAt is not null;

    // ---- Failed for longer than Provisioning:FailedSlotRetention --------------------------------------------

    /// <summary>
    /// What this tenant does once it has been Failed for longer than the retention: give its slot back when Twilio
    /// holds nothing of it; be offboarded (what it made erased, as offboarding erases) when it never was Ready; else
    /// keep everything, because a tenant that was Ready once may hold its client's data, which no timer deletes.
    /// </summary>
    public FailedRetentionAction ActionAfterFailedRetention =>
        Status != TenantStatus.Failed || AccountSid is null || SlotReleasedAt is not null ? FailedRetentionAction.Keep
        : HoldsNothingAtTwilio ? FailedRetentionAction.ReleaseSlot
        : ReadyAt is null && KnowsEverythingItHoldsAtTwilio ? FailedRetentionAction.Offboard
        : FailedRetentionAction.Keep;

    /// <summary>Failed past the retention with nothing at Twilio: the slot goes back (the caller frees it in the same transaction); the tenant stays Failed.</summary>
    public void ReleaseFailedSlot(string reason, DateTimeOffset now)
    {
        Require("only a Failed tenant gives its slot back after the failed retention", TenantStatus.Failed);
        if (ActionAfterFailedRetention != FailedRetentionAction.ReleaseSlot)
            throw new TenantTransitionRefusedException(ClientId, Status, "it holds no slot, or Twilio holds resources of it that the slot stands for");
        AccountSid = null;
        SlotReleasedAt = now;
        _lifecycleEvents.Add(new TenantLifecycleEvent("FailedSlotReleased", Status, Status, reason, null, null));
    }

    /// <summary>Failed past the retention, never Ready, with resources at Twilio: offboarded now (no grace period: the retention was one).</summary>
    public void OffboardAfterFailedRetention(string reason, DateTimeOffset now)
    {
        Require("only a Failed tenant is offboarded after the failed retention", TenantStatus.Failed);
        if (ActionAfterFailedRetention != FailedRetentionAction.Offboard)
            throw new TenantTransitionRefusedException(ClientId, Status,
                "it was Ready once (its store may hold its client's data), holds nothing to erase, or has a Twilio request whose outcome is unknown; an admin decides");
        TokenGeneration++;
        StatusBeforeDeletion = Status;
        DeletionDueAt = now;
        ChangeStatus(TenantStatus.PendingDeletion, "Offboard:failed-retention", reason);
    }

    private bool HoldsNothingAtTwilio =>
        MemoryStoreId is null && StoreProgress.CreateRequestedAt is null
        && OrchestratorConfigurationId is null && ConfigurationProgress.IdempotencyKey is null
        && !RetiredStores.Any(r => r.IsAtTwilio);

    // No create whose outcome is unknown: offboarding deletes what it has ids of, and would leave such a store behind.
    private bool KnowsEverythingItHoldsAtTwilio =>
        (StoreProgress.CreateRequestedAt is null || MemoryStoreId is not null)
        && (ConfigurationProgress.IdempotencyKey is null || OrchestratorConfigurationId is not null);

    /// <summary>
    /// Repair: the saga checks the recorded store and configuration at Twilio and recreates only what is gone.
    /// <paramref name="adoption"/>, from reconciliation, gives the tenant its own store found unrecorded at Twilio;
    /// refused when the tenant's store changed since reconciliation looked, or when the store is one it retired.
    /// </summary>
    public void RequestRepair(string? reason, string? actor = null, StoreAdoption? adoption = null)
    {
        RequireReprovisionable();
        if (adoption is not null)
        {
            if (MemoryStoreId != adoption.ReplacingStoreId)
                throw new TenantTransitionRefusedException(ClientId, Status,
                    $"its store is now {MemoryStoreId ?? "none"}, not {adoption.ReplacingStoreId ?? "none"} as reconciliation saw; store {adoption.StoreId} is not adopted");
            if (RetiredStores.Any(r => r.StoreId == adoption.StoreId))
                throw new TenantTransitionRefusedException(ClientId, Status, $"store {adoption.StoreId} is one it retired; a retired store is never adopted");
            MemoryStoreId = adoption.StoreId;
            StoreProgress = StoreProgress.None;
        }
        PendingReprovision = ReprovisionMode.Repair;
        BeginReprovision("Reprovision:repair", reason, actor);
    }

    /// <summary>
    /// Recreate: the current store becomes a retired store (renamed at Twilio first, so that its name is free for
    /// the new store), and the tenant has no store until the saga creates the new one. The new store needs a
    /// second slot in the tenant's account, which the caller takes in the transaction that saves this.
    /// </summary>
    public RetiredStore RequestRecreate(string? reason, bool deleteOldStore, DateTimeOffset now)
    {
        RequireReprovisionable();
        if (MemoryStoreId is null)
            throw new TenantTransitionRefusedException(ClientId, Status, "it has no store to replace; use mode \"repair\"");
        var retired = RetireCurrentStore(deleteOldStore, now);
        TokenGeneration++;
        PendingReprovision = ReprovisionMode.None;
        BeginReprovision("Reprovision:recreate", reason, actor: null);
        return retired;
    }

    /// <summary>
    /// Offboarding: deleted at the end of the grace period unless cancelled, or now. A tenant whose deletion got
    /// stuck (Deprovisioning) may be offboarded again immediately, which retries it. Returns when it is due.
    /// </summary>
    public DateTimeOffset RequestDeletion(bool immediate, TimeSpan gracePeriod, string? reason, DateTimeOffset now)
    {
        var action = immediate ? "Offboard:immediate" : "Offboard";
        if (Status == TenantStatus.Deprovisioning && immediate)
        {
            FailedAttempts = 0;
            _lifecycleEvents.Add(new TenantLifecycleEvent(action, Status, Status, reason, null, null));
            return now;
        }

        Require("a Ready or Failed tenant can be offboarded (a stuck deletion again with immediate=true)", TenantStatus.Ready, TenantStatus.Failed);
        TokenGeneration++;
        StatusBeforeDeletion = Status;
        DeletionDueAt = immediate ? now : now + gracePeriod;
        ChangeStatus(TenantStatus.PendingDeletion, action, reason);
        return DeletionDueAt.Value;
    }

    public void CancelDeletion(string? reason)
    {
        Require("only a deletion that is still pending can be cancelled", TenantStatus.PendingDeletion);
        var restored = StatusBeforeDeletion ?? TenantStatus.Ready;
        StatusBeforeDeletion = null;
        DeletionDueAt = null;
        ChangeStatus(restored, "CancelDeletion", reason);
    }

    // ---- Offboarding: the saga's run -----------------------------------------------------------------------

    /// <summary>A run of the offboarding saga starts; false when there is nothing to delete (cancelled, done, not yet due).</summary>
    public bool BeginDeprovisioning(DateTimeOffset now)
    {
        if (!HasOffboardingWork(now)) return false;
        if (Status == TenantStatus.Deprovisioning) return true;
        FailedAttempts = 0;
        // An update key left by an unfinished settings change must not be reused for the delete: Twilio would
        // replay the update's answer, and the configuration would be taken for deleted while it still exists.
        ConfigurationProgress = ConfigurationProgress with { UpdateKey = null, UpdateRevision = null };
        ChangeStatus(TenantStatus.Deprovisioning, StatusChangedAction);
        return true;
    }

    /// <summary>Everything the tenant had at Twilio is gone (or left there by an admin's explicit acceptance, <paramref name="note"/> saying what).</summary>
    public void MarkDeleted(string? note, DateTimeOffset now)
    {
        RequireOffboarding();
        if (MemoryStoreId is not null || OrchestratorConfigurationId is not null || RetiredStores.Any(r => r.IsAtTwilio))
            throw new InvalidOperationException($"Tenant '{ClientId}' cannot be Deleted while Twilio still holds a store or a configuration of it.");
        DeletedAt = now;
        LastError = Infrastructure.Text.Truncate(note, LastErrorMaxLength);
        Addresses.Clear(); // the numbers may belong to another tenant from now on
        ChangeStatus(TenantStatus.Deleted, StatusChangedAction, webhookType: "tenant.deleted");
    }

    public void RecordConfigurationDeleted(DateTimeOffset now)
    {
        RequireOffboarding();
        ErasedConfigurationId = OrchestratorConfigurationId;
        ConfigurationErasedAt = now;
        OrchestratorConfigurationId = null;
        ConfigurationProgress = ConfigurationProgress.None;
    }

    /// <summary>
    /// Offboarding looked a store up by name whose create's outcome was never recorded (its answer lost, or its run
    /// failed first): the store found, if any, is the tenant's and is erased with the rest; either way the create
    /// is settled.
    /// </summary>
    public void RecordStoreFoundForErasure(string? storeId)
    {
        RequireOffboarding();
        MemoryStoreId ??= storeId;
        StoreProgress = StoreProgress.None;
    }

    /// <summary>The same for a configuration whose create's outcome was never recorded.</summary>
    public void RecordConfigurationFoundForErasure(string? configurationId)
    {
        RequireOffboarding();
        OrchestratorConfigurationId ??= configurationId;
        ConfigurationProgress = ConfigurationProgress with { IdempotencyKey = null, RequestedAt = null, OperationId = null };
    }

    /// <summary>
    /// Whether offboarding still has work in the tenant's account: a store or configuration to delete (recorded, or
    /// maybe created with its answer lost: a configuration is looked for only while the tenant has its store), or the
    /// slot to give back. Once not, the account may be gone (a dedicated subaccount closed by a run that died before
    /// the tenant was Deleted), and a rerun must not need its key.
    /// </summary>
    public bool HasOffboardingWorkInItsAccount =>
        AccountSid is not null
        && (MemoryStoreId is not null || OrchestratorConfigurationId is not null || MayHaveUnrecordedStore || SlotReleasedAt is null);

    /// <summary>Whether a store create was sent whose outcome the tenant has not recorded: a store may exist it has no id for.</summary>
    public bool MayHaveUnrecordedStore => MemoryStoreId is null && StoreProgress.CreateRequestedAt is not null;

    /// <summary>Whether a configuration create was sent whose outcome the tenant has not recorded.</summary>
    public bool MayHaveUnrecordedConfiguration => OrchestratorConfigurationId is null && ConfigurationProgress.IdempotencyKey is not null;

    /// <summary>
    /// Erasure, first step for the store: the current store joins the retired ones (which now hold its slot), so
    /// that one loop deletes every store the tenant ever had, in any account.
    /// </summary>
    public void RetireStoreForErasure(DateTimeOffset now)
    {
        RequireOffboarding();
        if (MemoryStoreId is null) return;
        RetireCurrentStore(deleteAtTwilio: true, now);
        SlotReleasedAt = now;
    }

    /// <summary>
    /// An admin ends an erasure Twilio keeps refusing (its beta refuses store deletes): what remains is recorded
    /// as residual, said in the note and the audit trail, and the tenant is Deleted.
    /// </summary>
    public void AcceptResidualErasure(string reason, DateTimeOffset now)
    {
        Require("only a tenant whose erasure is under way (Deprovisioning) can end it with a residual", TenantStatus.Deprovisioning);
        var remaining = RetiredStores.Where(r => r.IsAtTwilio).ToList();
        if (remaining.Count == 0 && OrchestratorConfigurationId is null)
            throw new TenantTransitionRefusedException(ClientId, Status, "Twilio holds nothing of it that offboarding could not delete; it finishes by itself");
        foreach (var store in remaining) store.AcceptResidual(now);
        var residual = string.Join(", ", remaining.Select(r => $"store {r.StoreId} in {r.AccountSid}")
            .Concat(OrchestratorConfigurationId is { } configuration ? [$"configuration {configuration}"] : []));
        OrchestratorConfigurationId = null;
        _lifecycleEvents.Add(new TenantLifecycleEvent("Erasure:accept-residual", Status, Status, reason, null, null));
        MarkDeleted($"Erasure ended with a residual accepted by an admin ({reason}): {residual} remain at Twilio.", now);
    }

    /// <summary>The tenant never had a store (or it is already gone): its slot goes back.</summary>
    public void RecordSlotReleased(DateTimeOffset now)
    {
        RequireOffboarding();
        SlotReleasedAt = now;
    }

    // ---- Onboarding progress (the saga's steps) ------------------------------------------------------------

    public void AssignAccount(string accountSid)
    {
        RequireOnboarding();
        AccountSid = accountSid;
    }

    /// <summary>
    /// The account turned out to be full: be placed elsewhere, starting over there. A store already made here was
    /// deleted first, or, when Twilio refused (<paramref name="storeDeleteRefusal"/>), is kept as a retired store
    /// that still holds its slot here.
    /// </summary>
    public void LeaveAccount(DateTimeOffset now, string? storeDeleteRefusal = null)
    {
        RequireOnboarding();
        if (MemoryStoreId is not null && storeDeleteRefusal is not null)
            RetireCurrentStore(deleteAtTwilio: true, now).MarkDeleteRefused(storeDeleteRefusal);
        AccountSid = null;
        MemoryStoreId = null;
        StoreProgress = StoreProgress.None;
        OrchestratorConfigurationId = null;
        ConfigurationProgress = ConfigurationProgress.None;
    }

    /// <summary>
    /// The end of an onboarding run that got through every step: a Provisioning tenant becomes Ready (true); a
    /// Ready tenant whose settings were applied stays Ready.
    /// </summary>
    public bool FinishOnboardingRun(DateTimeOffset now)
    {
        if (Status != TenantStatus.Provisioning) return false;
        MarkReady(now);
        return true;
    }

    public void RecordStoreCreateRequested(DateTimeOffset now)
    {
        RequireOnboarding();
        StoreProgress = StoreProgress with { CreateRequestedAt = now };
    }

    /// <summary>Twilio refused the create outright (a 4xx): it did nothing, so there is nothing to look for.</summary>
    public void RecordStoreCreateRefused()
    {
        RequireOnboarding();
        StoreProgress = StoreProgress with { CreateRequestedAt = null };
    }

    public void RecordStoreOperation(string operationId)
    {
        RequireOnboarding();
        StoreProgress = StoreProgress with { OperationId = operationId };
    }

    /// <summary>The store create operation ended without a store; the next attempt starts the store over.</summary>
    public void RecordStoreOperationFailed()
    {
        RequireOnboarding();
        StoreProgress = StoreProgress with { CreateRequestedAt = null, OperationId = null };
    }

    /// <summary>The operation id is unknown to Twilio; the create it stood for may still have happened.</summary>
    public void RecordStoreOperationLost()
    {
        RequireOnboarding();
        StoreProgress = StoreProgress with { OperationId = null };
    }

    public void RecordStore(string storeId)
    {
        RequireOnboarding();
        MemoryStoreId = storeId;
    }

    public void RecordStoreActive(DateTimeOffset now)
    {
        RequireOnboarding();
        StoreProgress = StoreProgress with { ActiveAt = now };
    }

    /// <summary>The recorded store no longer exists at Twilio: start the store over.</summary>
    public void ForgetStore()
    {
        RequireOnboarding();
        MemoryStoreId = null;
        StoreProgress = StoreProgress.None;
    }

    public void RecordConfigurationRequested(Guid idempotencyKey, DateTimeOffset now)
    {
        RequireOnboarding();
        ConfigurationProgress = ConfigurationProgress with { IdempotencyKey = idempotencyKey, RequestedAt = now };
    }

    /// <summary>
    /// Twilio accepted the configuration create (its id known from the 202, or not: L3), or has it (found by
    /// name, <paramref name="operationId"/> null). It was created with the settings of <paramref name="revision"/>
    /// and references the tenant's store.
    /// </summary>
    public void RecordConfiguration(string? configurationId, string? operationId, int revision, OrchestratorSettings settings)
    {
        RequireOnboarding();
        OrchestratorConfigurationId = configurationId;
        ConfigurationProgress = ConfigurationProgress with { OperationId = operationId, ConfiguredStoreId = MemoryStoreId };
        RecordApplied(revision, settings);
    }

    /// <summary>The create's operation completed; <paramref name="configurationId"/> is the configuration's id however it was learnt.</summary>
    public void RecordConfigurationCreated(string configurationId)
    {
        RequireOnboarding();
        OrchestratorConfigurationId = configurationId;
        ConfigurationProgress = ConfigurationProgress with { OperationId = null };
    }

    /// <summary>The configuration operation failed: forget it, and use a fresh Idempotency-Key next time.</summary>
    public void RecordConfigurationFailed()
    {
        RequireOnboarding();
        OrchestratorConfigurationId = null;
        ConfigurationProgress = ConfigurationProgress with { IdempotencyKey = null, RequestedAt = null, OperationId = null };
    }

    /// <summary>Twilio says the configuration references <paramref name="storeId"/> (a repair found it so).</summary>
    public void RecordConfiguredStore(string? storeId)
    {
        RequireOnboarding();
        ConfigurationProgress = ConfigurationProgress with { ConfiguredStoreId = storeId };
    }

    /// <summary>The configuration is gone at Twilio (repair found it missing): create a new one.</summary>
    public void ForgetConfiguration()
    {
        RequireOnboarding();
        OrchestratorConfigurationId = null;
        ConfigurationProgress = ConfigurationProgress.None;
    }

    /// <summary>
    /// An update (a full replacement carrying the settings of <paramref name="revision"/>) or a delete of the
    /// configuration is about to be sent with this Idempotency-Key. The key is reused only for that same revision.
    /// </summary>
    public void RecordConfigurationUpdateRequested(Guid key, int? revision = null)
    {
        RequireSagaRun();
        ConfigurationProgress = ConfigurationProgress with { UpdateKey = key, UpdateRevision = revision };
    }

    /// <summary>Whether the configuration must be replaced: it references another store, or lacks the latest settings.</summary>
    public bool ConfigurationNeedsUpdate =>
        OrchestratorConfigurationId is not null && (ConfigurationProgress.ConfiguredStoreId != MemoryStoreId || HasPendingSettings);

    /// <summary>The configuration now references the tenant's store and has the settings of <paramref name="revision"/>.</summary>
    public void RecordConfigurationUpdated(int revision, OrchestratorSettings settings)
    {
        RequireConfigurationWork();
        var wasApplying = IsApplyingSettings;
        ConfigurationProgress = ConfigurationProgress with { ConfiguredStoreId = MemoryStoreId, UpdateKey = null, UpdateRevision = null };
        RecordApplied(revision, settings);
        if (wasApplying && !HasPendingSettings)
            _lifecycleEvents.Add(new TenantLifecycleEvent("SettingsApplied", Status, Status, $"revision {revision}", null, "tenant.updated"));
    }

    public void RecordRepairChecked()
    {
        RequireOnboarding();
        PendingReprovision = ReprovisionMode.None;
    }

    // ---- Rules -------------------------------------------------------------------------------------------

    private void RecordApplied(int revision, OrchestratorSettings settings)
    {
        if (revision < AppliedSettingsRevision) return;
        AppliedSettingsRevision = revision;
        AppliedOrchestrator = settings;
    }

    private List<TenantAddress> AddressesOf(OrchestratorSettings orchestrator) =>
        orchestrator.Channels.SelectMany(c => c.Value.Addresses.Select(a => new TenantAddress(Id, c.Key, a))).ToList();

    /// <summary>Keeps the rows of addresses that stay (so that only real changes touch the unique key), adds the new ones.</summary>
    private void SyncAddresses()
    {
        var wanted = AddressesOf(Orchestrator);
        Addresses.RemoveAll(a => !wanted.Any(w => w.Channel == a.Channel && w.Address == a.Address));
        Addresses.AddRange(wanted.Where(w => !Addresses.Any(a => a.Channel == w.Channel && a.Address == w.Address)));
    }

    /// <summary>Configuration progress: while onboarding, or while a Ready tenant's new settings are applied.</summary>
    private void RequireConfigurationWork()
    {
        if (!IsApplyingSettings) RequireOnboarding();
    }

    private void RequireReprovisionable()
    {
        Require("only a Ready or Failed tenant can be reprovisioned", TenantStatus.Ready, TenantStatus.Failed);
        if (AccountSid is null)
            throw new TenantTransitionRefusedException(ClientId, Status, "it has no account yet, so there is nothing to reprovision; retry it instead");
    }

    private void BeginReprovision(string action, string? reason, string? actor)
    {
        // Whatever update was pending is superseded: the saga replaces the configuration afresh.
        ConfigurationProgress = ConfigurationProgress with { UpdateKey = null, UpdateRevision = null };
        ReprovisionInProgress = true;
        FailedAttempts = 0;
        LastError = null;
        ChangeStatus(TenantStatus.Provisioning, action, reason, actor);
    }

    private RetiredStore RetireCurrentStore(bool deleteAtTwilio, DateTimeOffset now)
    {
        var retired = new RetiredStore(Id, AccountSid!, MemoryStoreId!, MemoryStoreName,
            RetiredStore.RetiredNameFor(MemoryStoreName, now), deleteAtTwilio, now);
        RetiredStores.Add(retired);
        MemoryStoreId = null;
        StoreProgress = StoreProgress.None;
        return retired;
    }

    private void RequireOnboarding() => Require("only the onboarding saga of a Provisioning tenant records onboarding progress", TenantStatus.Provisioning);

    private void RequireOffboarding() => Require("only the offboarding saga of a Deprovisioning tenant records offboarding progress", TenantStatus.Deprovisioning);

    /// <summary>A saga owns the tenant: onboarding, offboarding, or applying a Ready tenant's new settings.</summary>
    private void RequireSagaRun()
    {
        if (!IsApplyingSettings) Require("only a running saga records progress", TenantStatus.Provisioning, TenantStatus.Deprovisioning);
    }

    private void Require(string rule, params TenantStatus[] allowed)
    {
        if (!allowed.Contains(Status)) throw new TenantTransitionRefusedException(ClientId, Status, rule);
    }

    private void ChangeStatus(TenantStatus to, string action, string? reason = null, string? actor = null, string? webhookType = null)
    {
        _lifecycleEvents.Add(new TenantLifecycleEvent(action, Status, to, reason, actor, webhookType));
        Status = to;
    }
}
