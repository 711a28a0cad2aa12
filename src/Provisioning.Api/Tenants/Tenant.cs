using System.Diagnostics.CodeAnalysis;
using Provisioning.Api.Infrastructure.Database;

namespace Provisioning.Api.Tenants;

/// <summary>
/// One ISV client and its Twilio resources, and the one place that decides what may happen to it next. Each lifecycle change is a method that
/// asks <see cref="TenantTransitions"/> (the transition table, as data) whether it is allowed now, refuses it otherwise with
/// <see cref="TenantTransitionRefusedException"/> (409 at the API), and raises a <see cref="TenantLifecycleEvent"/> that becomes the audit row.
/// </summary>
/// <remarks>What the sagas resume from (ids, <see cref="StoreProgress"/>, <see cref="ConfigurationProgress"/>) is recorded through <see cref="Onboarding"/>
/// and <see cref="Erasure"/>; those fields stay columns of the tenant's row (indexed, queried), so their setters are internal, for those two types.</remarks>
public sealed class Tenant : ITimestamped
{
    public const string StoreNamePrefix = "client-";
    /// <summary>Audit action of the changes the service makes by itself (as opposed to an admin's action).</summary>
    public const string StatusChangedAction = "StatusChanged";
    /// <summary>The column's size: a longer error (Twilio's message, say) is cut, never allowed to fail the save.</summary>
    public const int LastErrorMaxLength = 2048;

    private readonly List<TenantLifecycleEvent> _lifecycleEvents = [];
    // EF Core maps the collections through these fields; outside the tenant they are read-only.
    private readonly List<TenantAddress> _addresses = [];
    private readonly List<RetiredStore> _retiredStores = [];

    private Tenant() { }

    public Tenant(string clientId, string? displayName, OrchestratorSettings orchestrator, string? callbackUrl, TenantIsolation isolation, DateTimeOffset now, TenantBlueprint? blueprint = null)
    {
        Id = Guid.CreateVersion7(now);
        ClientId = clientId;
        DisplayName = displayName;
        Orchestrator = orchestrator;
        CallbackUrl = callbackUrl;
        Isolation = isolation;
        Blueprint = blueprint ?? TenantBlueprint.None;
        MemoryStoreName = StoreNamePrefix + clientId;
        Status = TenantStatus.Pending;
        SettingsRevision = 1;
        _addresses.AddRange(TenantAddress.Of(Id, orchestrator));
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
    /// <summary>The blueprint the store and configuration are to be shaped by, with the revisions wanted and applied; <see cref="TenantBlueprint.None"/> when none.</summary>
    public TenantBlueprint Blueprint { get; internal set; } = TenantBlueprint.None;
    /// <summary>Increments with every accepted settings change (signup is revision 1).</summary>
    public int SettingsRevision { get; private set; }
    /// <summary>The revision Twilio's configuration has; 0 until the configuration exists. Equal to <see cref="SettingsRevision"/> once applied.</summary>
    public int AppliedSettingsRevision { get; internal set; }
    /// <summary>The settings as last applied at Twilio: what reconciliation compares the configuration with, and which channels the service owns there.</summary>
    public OrchestratorSettings? AppliedOrchestrator { get; internal set; }
    /// <summary>The addresses this tenant captures, one row per channel and number, unique across live tenants.</summary>
    public IReadOnlyList<TenantAddress> Addresses => _addresses;
    public bool HasPendingSettings => AppliedSettingsRevision < SettingsRevision && OrchestratorConfigurationId is not null;

    /// <summary>The Twilio account that owns this tenant's resources: taken with a slot before the store is created, kept on every retry (a retry elsewhere would leave a duplicate behind).</summary>
    public string? AccountSid { get; internal set; }
    public string MemoryStoreName { get; private set; } = "";
    public string? MemoryStoreId { get; internal set; }
    public StoreProgress StoreProgress { get; internal set; } = StoreProgress.None;
    public string? OrchestratorConfigurationId { get; internal set; }
    public ConfigurationProgress ConfigurationProgress { get; internal set; } = ConfigurationProgress.None;

    // The run state (TenantRun): what is due when, who holds it until when, runs started on the work now due.
    public DateTimeOffset? RunDueAt { get; internal set; }
    public string? RunHeldBy { get; private set; }
    public DateTimeOffset? RunHeldUntil { get; internal set; }
    public int RunAttempt { get; private set; }
    public TenantRun Run => new(RunDueAt, RunHeldBy, RunHeldUntil, RunAttempt);
    public TenantRunRequests Runs => new(this);

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

    public ReprovisionMode PendingReprovision { get; internal set; }
    /// <summary>Set from an admin's reprovision until the tenant is Ready again (its webhook says "reprovisioned").</summary>
    public bool ReprovisionInProgress { get; private set; }
    /// <summary>Status to return to when a pending deletion is cancelled.</summary>
    public TenantStatus? StatusBeforeDeletion { get; private set; }
    public DateTimeOffset? DeletionDueAt { get; private set; }
    /// <summary>When offboarding gave the slot back (or handed it to a store Twilio would not delete), or a tenant Failed past the retention did (it then has no account until a retry places it).</summary>
    public DateTimeOffset? SlotReleasedAt { get; internal set; }
    public DateTimeOffset? DeletedAt { get; private set; }
    /// <summary>When erasure removed the client's personal data (with the Deleted transition), and which fields held some.</summary>
    public DateTimeOffset? RedactedAt { get; private set; }
    public string[]? RedactedFields { get; private set; }
    /// <summary>Access tokens carry the generation they were made in and work only while it is current: offboarding and a recreate move it on, revoking every earlier token though none is stored.</summary>
    public int TokenGeneration { get; private set; } = 1;
    /// <summary>The configuration offboarding deleted, and when: part of the erasure record.</summary>
    public string? ErasedConfigurationId { get; internal set; }
    public DateTimeOffset? ConfigurationErasedAt { get; internal set; }
    /// <summary>Stores this tenant used before (recreate, or offboarding that Twilio refused to delete).</summary>
    public IReadOnlyList<RetiredStore> RetiredStores => _retiredStores;

    /// <summary>What the onboarding saga records of its steps (store, configuration, account), while it owns the tenant.</summary>
    public OnboardingProgress Onboarding => new(this);
    /// <summary>What the offboarding saga records of the erasure, while it owns the tenant.</summary>
    public ErasureProgress Erasure => new(this);

    /// <summary>What happened since the last save; the audit interceptor writes and clears them.</summary>
    public IReadOnlyList<TenantLifecycleEvent> LifecycleEvents => _lifecycleEvents;
    public void ClearLifecycleEvents() => _lifecycleEvents.Clear();
    /// <summary>Whether the onboarding saga has work to do on this tenant (or will, once capacity appears): onboarding, or settings to apply.</summary>
    public bool HasOnboardingWork => Status is TenantStatus.Pending or TenantStatus.Provisioning || IsApplyingSettings;
    /// <summary>A Ready tenant whose settings changed: the saga puts them into its configuration, and the tenant stays Ready meanwhile.</summary>
    internal bool IsApplyingSettings => Status == TenantStatus.Ready && HasPendingSettings;
    /// <summary>Whether Twilio must hold this tenant's store and configuration now (what reconciliation checks).</summary>
    public bool ExpectsResourcesAtTwilio => Status == TenantStatus.Ready;
    /// <summary>Whether the offboarding saga has work to do on this tenant now.</summary>
    public bool HasOffboardingWork(DateTimeOffset now) => Status == TenantStatus.Deprovisioning || (Status == TenantStatus.PendingDeletion && DeletionDueAt <= now);

    /// <summary>Whether <paramref name="operation"/> is allowed now, without trying it; else the refusal it would meet, word for word.</summary>
    public bool Allows(TenantOperation operation, [NotNullWhen(false)] out string? reason) => (reason = TenantTransitions.Decide(this, operation).Refusal) is null;

    /// <summary>The row of the table that allows <paramref name="operation"/> now; refused (409), or an invariant broken, otherwise.</summary>
    private TenantTransition Require(TenantOperation operation)
    {
        var decision = TenantTransitions.Decide(this, operation);
        if (decision.Transition is { } transition) return transition;
        if (decision.BreaksInvariant) throw new InvalidOperationException(decision.Refusal);
        throw new TenantTransitionRefusedException(ClientId, Status, decision.Rule!);
    }

    /// <summary>A run of the onboarding saga starts; false when the tenant has nothing for onboarding to do.</summary>
    public bool BeginOnboardingRun()
    {
        if (Status == TenantStatus.Provisioning || IsApplyingSettings) return true;
        if (TenantTransitions.Decide(this, TenantOperation.BeginOnboardingRun).Transition is not { } start) return false;
        ChangeStatus(start.To, StatusChangedAction);
        return true;
    }

    /// <summary>No account can take the tenant yet: it waits, Pending with the reason, until capacity appears.</summary>
    public void WaitForCapacity(string reason)
    {
        Transit(TenantOperation.WaitForCapacity, StatusChangedAction, reason);
        LastError = Infrastructure.Text.Truncate(reason, LastErrorMaxLength);
    }

    /// <summary>Store ACTIVE, configuration created and referencing it: the tenant is Ready.</summary>
    public void MarkReady(DateTimeOffset now)
    {
        Transit(TenantOperation.MarkReady, StatusChangedAction, webhookType: ReprovisionInProgress ? "tenant.reprovisioned" : "tenant.ready");
        ReadyAt = now;
        ReprovisionInProgress = false;
        LastError = null;
        FailedAttempts = 0;
    }

    /// <summary>An onboarding run got through every step: a Provisioning tenant becomes Ready (true); a Ready one whose settings were applied stays Ready.</summary>
    public bool FinishOnboardingRun(DateTimeOffset now)
    {
        if (Status != TenantStatus.Provisioning) return false;
        MarkReady(now);
        return true;
    }

    /// <summary>A failure that a later attempt may get past. Returns the attempts used so far.</summary>
    public int RecordTransientFailure(string error)
    {
        RequireSagaRun();
        FailedAttempts++;
        LastError = Infrastructure.Text.Truncate(error, LastErrorMaxLength);
        return FailedAttempts;
    }

    /// <summary>Twilio throttled the run (429 past the client's retries): it tries again after Retry-After without spending an attempt, as a busy Twilio says nothing about the tenant.</summary>
    public void RecordThrottled(string error)
    {
        RequireSagaRun();
        LastError = Infrastructure.Text.Truncate(error, LastErrorMaxLength);
    }

    /// <summary>Onboarding (or applying a Ready tenant's new settings) cannot succeed without an admin: a refusal, or the retry budget spent.</summary>
    public void MarkFailed(string error)
    {
        Transit(TenantOperation.MarkFailed, StatusChangedAction, error, webhookType: "tenant.failed");
        LastError = Infrastructure.Text.Truncate(error, LastErrorMaxLength);
    }

    public void RecordTwilioCalls(long calls) => TwilioCalls += (int)calls;

    /// <summary>A settings change: a new revision the saga applies (a Ready tenant stays Ready); false when nothing changes. Grouping type (L4) and isolation are fixed.</summary>
    public bool ChangeSettings(string? displayName, string? callbackUrl, OrchestratorSettings orchestrator, TenantIsolation isolation)
    {
        Require(TenantOperation.ChangeSettings);
        if (isolation != Isolation) throw TenantSettingsNotChangeableException.Isolation(Isolation);
        if (orchestrator.ConversationGroupingType != Orchestrator.ConversationGroupingType) throw TenantSettingsNotChangeableException.ConversationGroupingType();
        if (DisplayName == displayName && CallbackUrl == callbackUrl && Orchestrator.Equals(orchestrator)) return false;
        DisplayName = displayName;
        CallbackUrl = callbackUrl;
        Orchestrator = orchestrator;
        SettingsRevision++;
        TenantAddress.Sync(_addresses, Id, Orchestrator);
        _lifecycleEvents.Add(new TenantLifecycleEvent("SettingsChanged", Status, Status, $"revision {SettingsRevision}", null, null));
        return true;
    }

    /// <summary>An admin retry: a fresh retry budget, resuming from the progress recorded (a tenant whose slot went back after the failed retention takes a fresh one).</summary>
    public void Retry(string? reason, bool inBulk = false)
    {
        Transit(TenantOperation.Retry, inBulk ? "BulkRetry" : "Retry", reason);
        FailedAttempts = 0;
        SlotReleasedAt = null;
    }

    /// <summary>An access token to the tenant's memory may be made only for a Ready tenant; returns the generation it carries.</summary>
    public int AuthorizeAccessToken()
    {
        Require(TenantOperation.AuthorizeAccessToken);
        return TokenGeneration;
    }

    /// <summary>Repair: the saga checks the recorded store and configuration at Twilio and recreates only what is gone. An <paramref name="adoption"/> (reconciliation's) gives the tenant its own store found unrecorded.</summary>
    public void RequestRepair(string? reason, string? actor = null, StoreAdoption? adoption = null)
    {
        var transition = Require(TenantOperation.RequestRepair);
        if (adoption is not null)
        {
            if (adoption.RefusalBy(this) is { } refusal) throw new TenantTransitionRefusedException(ClientId, Status, refusal);
            MemoryStoreId = adoption.StoreId;
            StoreProgress = StoreProgress.None;
        }
        PendingReprovision = ReprovisionMode.Repair;
        BeginReprovision(transition, "Reprovision:repair", reason, actor);
    }

    /// <summary>Recreate: the current store retires (renamed at Twilio first, freeing its name) and the tenant has none until the saga creates the new one, in a second slot the caller takes in the same transaction.</summary>
    public RetiredStore RequestRecreate(string? reason, bool deleteOldStore, DateTimeOffset now)
    {
        var transition = Require(TenantOperation.RequestRecreate);
        var retired = RetireCurrentStore(deleteOldStore, now);
        TokenGeneration++;
        PendingReprovision = ReprovisionMode.None;
        BeginReprovision(transition, "Reprovision:recreate", reason, actor: null);
        return retired;
    }

    /// <summary>Offboarding, due at the end of the grace period unless cancelled, or now; returns when. A stuck deletion (Deprovisioning) offboarded again immediately is retried.</summary>
    public DateTimeOffset RequestDeletion(bool immediate, TimeSpan gracePeriod, string? reason, DateTimeOffset now)
    {
        var action = immediate ? "Offboard:immediate" : "Offboard";
        var transition = Require(immediate ? TenantOperation.OffboardNow : TenantOperation.Offboard);
        if (transition.From == TenantStatus.Deprovisioning)
        {
            FailedAttempts = 0;
            _lifecycleEvents.Add(new TenantLifecycleEvent(action, Status, Status, reason, null, null));
            return now;
        }
        TokenGeneration++;
        StatusBeforeDeletion = Status;
        DeletionDueAt = immediate ? now : now + gracePeriod;
        ChangeStatus(transition.To, action, reason);
        return DeletionDueAt.Value;
    }

    public void CancelDeletion(string? reason)
    {
        Transit(TenantOperation.CancelDeletion, "CancelDeletion", reason);
        StatusBeforeDeletion = null;
        DeletionDueAt = null;
    }

    /// <summary>What this tenant does once Failed for longer than Provisioning:FailedSlotRetention (<see cref="FailedRetentionPolicy"/>).</summary>
    public FailedRetentionAction ActionAfterFailedRetention => FailedRetentionPolicy.For(this);

    /// <summary>Failed past the retention with nothing at Twilio: the slot goes back (the caller frees it in the same transaction); the tenant stays Failed.</summary>
    public void ReleaseFailedSlot(string reason, DateTimeOffset now)
    {
        Transit(TenantOperation.ReleaseFailedSlot, "FailedSlotReleased", reason);
        AccountSid = null;
        SlotReleasedAt = now;
    }

    /// <summary>Failed past the retention, never Ready, with resources at Twilio: offboarded now (no grace period: the retention was one).</summary>
    public void OffboardAfterFailedRetention(string reason, DateTimeOffset now)
    {
        var before = Status;
        Transit(TenantOperation.OffboardAfterFailedRetention, "Offboard:failed-retention", reason);
        TokenGeneration++;
        StatusBeforeDeletion = before;
        DeletionDueAt = now;
    }

    /// <summary>A run of the offboarding saga starts; false when there is nothing to delete (cancelled, done, not yet due).</summary>
    public bool BeginDeprovisioning(DateTimeOffset now)
    {
        if (Status == TenantStatus.Deprovisioning) return true;
        if (TenantTransitions.Decide(this, TenantOperation.BeginDeprovisioning).Transition is not { } start || !(DeletionDueAt <= now)) return false;
        FailedAttempts = 0;
        // An update key left by an unfinished settings change must not be reused for the delete: Twilio would
        // replay the update's answer, and the configuration would be taken for deleted while it still exists.
        ConfigurationProgress = ConfigurationProgress with { UpdateKey = null, UpdateRevision = null };
        ChangeStatus(start.To, StatusChangedAction);
        return true;
    }

    /// <summary>Twilio holds nothing of the tenant any more (or an admin accepted what it keeps, <paramref name="note"/> saying what); the same transition redacts its personal data here.</summary>
    public void MarkDeleted(string? note, DateTimeOffset now)
    {
        var deleted = Require(TenantOperation.MarkDeleted).To;
        DeletedAt = now;
        LastError = Infrastructure.Text.Truncate(note, LastErrorMaxLength);
        ChangeStatus(deleted, StatusChangedAction, webhookType: "tenant.deleted", erasure: Redact(now));
    }

    /// <summary>Erasure in PostgreSQL: display name, callback URL, addresses (their numbers may be another's from now on), status callbacks go; ids and times stay (audit, idempotency).</summary>
    private TenantErasure Redact(DateTimeOffset now)
    {
        var erasure = TenantErasure.Of(this);
        DisplayName = null;
        CallbackUrl = null;
        Orchestrator = Orchestrator.WithoutPersonalData();
        AppliedOrchestrator = AppliedOrchestrator?.WithoutPersonalData();
        _addresses.Clear();
        LastError = erasure.Scrub(LastError);
        RedactedAt = now;
        RedactedFields = [.. erasure.Fields];
        return erasure;
    }

    /// <summary>An admin ends an erasure Twilio keeps refusing (its beta refuses store deletes): what remains is recorded as residual, in the note and the audit trail, and the tenant is Deleted.</summary>
    public void AcceptResidualErasure(string reason, DateTimeOffset now)
    {
        Require(TenantOperation.AcceptResidualErasure);
        var remaining = _retiredStores.Where(r => r.IsAtTwilio).ToList();
        foreach (var store in remaining) store.AcceptResidual(now);
        var residual = string.Join(", ", remaining.Select(r => $"store {r.StoreId} in {r.AccountSid}").Concat(OrchestratorConfigurationId is { } configuration ? [$"configuration {configuration}"] : []));
        OrchestratorConfigurationId = null;
        _lifecycleEvents.Add(new TenantLifecycleEvent("Erasure:accept-residual", Status, Status, reason, null, null));
        MarkDeleted($"Erasure ended with a residual accepted by an admin ({reason}): {residual} remain at Twilio.", now);
    }

    /// <summary>For the progress types: refuses progress the status does not allow (progress changes only while its saga owns the tenant).</summary>
    internal void RequireProgress(string rule, params TenantStatus[] allowed)
    {
        if (!allowed.Contains(Status)) throw new TenantTransitionRefusedException(ClientId, Status, rule);
    }

    internal void Raise(TenantLifecycleEvent lifecycleEvent) => _lifecycleEvents.Add(lifecycleEvent);

    /// <summary>One of this tenant's retired stores, for the saga that owns the tenant to record what Twilio did to it.</summary>
    internal RetiredStore OwnRetiredStore(RetiredStore retired) => _retiredStores.Contains(retired)
        ? retired : throw new InvalidOperationException($"Store {retired.StoreId} is not a retired store of tenant '{ClientId}'.");

    /// <summary>The current store joins the retired ones (which from now on hold its slot); the tenant has no store.</summary>
    internal RetiredStore RetireCurrentStore(bool deleteAtTwilio, DateTimeOffset now)
    {
        var retired = new RetiredStore(Id, AccountSid!, MemoryStoreId!, MemoryStoreName,
            RetiredStore.RetiredNameFor(MemoryStoreName, now), deleteAtTwilio, now);
        _retiredStores.Add(retired);
        MemoryStoreId = null;
        StoreProgress = StoreProgress.None;
        return retired;
    }

    // The row was asked for before the store changed (a recreate's "has a store" no longer holds after it); a pending update is superseded.
    private void BeginReprovision(TenantTransition transition, string action, string? reason, string? actor)
    {
        ConfigurationProgress = ConfigurationProgress with { UpdateKey = null, UpdateRevision = null };
        ReprovisionInProgress = true;
        FailedAttempts = 0;
        LastError = null;
        ChangeStatus(transition.To, action, reason, actor);
    }

    /// <summary>A saga owns the tenant: onboarding, offboarding, or applying a Ready tenant's new settings.</summary>
    private void RequireSagaRun() { if (!IsApplyingSettings) RequireProgress("only a running saga records progress", TenantStatus.Provisioning, TenantStatus.Deprovisioning); }

    /// <summary>Asks the table for <paramref name="operation"/> (refusing it as <see cref="Require"/> does) and moves to the status its row leads to.</summary>
    private void Transit(TenantOperation operation, string action, string? reason = null, string? actor = null, string? webhookType = null) =>
        ChangeStatus(Require(operation).To, action, reason, actor, webhookType);

    private void ChangeStatus(TenantStatus to, string action, string? reason = null, string? actor = null, string? webhookType = null, TenantErasure? erasure = null)
    {
        _lifecycleEvents.Add(new TenantLifecycleEvent(action, Status, to, reason, actor, webhookType, erasure));
        Status = to;
    }
}
