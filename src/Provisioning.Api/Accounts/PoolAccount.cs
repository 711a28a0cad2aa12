namespace Provisioning.Api.Accounts;

/// <summary>
/// A Twilio account tenants can be placed in: a parent (from configuration) or a subaccount the service
/// created under one. Slots are counted here, and a check constraint (ours + foreign ≤ capacity) makes it impossible
/// for any code path to hand out a slot the account does not have.
/// </summary>
public sealed class PoolAccount
{
    private PoolAccount()
    {
    }

    public PoolAccount(string sid, string parentSid, int poolIndex, string friendlyName, bool isParent, int storeCapacity, int configurationCapacity,
        DateTimeOffset now, Guid? dedicatedTenantId = null)
    {
        if (isParent && dedicatedTenantId is not null) throw new ArgumentException("The parent account is shared, never dedicated.", nameof(dedicatedTenantId));
        if (isParent != (sid == parentSid)) throw new ArgumentException("A parent account is its own parent; a subaccount has another.", nameof(parentSid));
        ParentSid = parentSid;
        DedicatedTenantId = dedicatedTenantId;
        ConfigurationCapacity = configurationCapacity;
        Sid = sid;
        PoolIndex = poolIndex;
        FriendlyName = friendlyName;
        IsParent = isParent;
        StoreCapacity = storeCapacity;
        Status = PoolAccountStatus.Active;
        AcceptsTenants = true;
        CreatedAt = UpdatedAt = now;
    }

    public string Sid { get; private set; } = "";

    /// <summary>
    /// The parent account that owns this one (its own SID for a parent): its credentials create, close and rekey the
    /// subaccount, and its subaccount ceiling counts it.
    /// </summary>
    public string ParentSid { get; private set; } = "";

    /// <summary>
    /// 0 for the first parent, then 1, 2, … as accounts join: the fill order within a parent (oldest first). Parents
    /// come in their configured order (Twilio:Parents) before it.
    /// </summary>
    public int PoolIndex { get; private set; }

    public string FriendlyName { get; private set; } = "";
    public bool IsParent { get; private set; }
    public PoolAccountStatus Status { get; private set; }

    /// <summary>
    /// The tenant (its id) this subaccount was made for, alone: only that tenant is placed in it, and it is closed when
    /// the tenant is offboarded. Null for the shared accounts, which pooled tenants fill.
    /// </summary>
    public Guid? DedicatedTenantId { get; private set; }

    public bool IsDedicated => DedicatedTenantId is not null;

    /// <summary>An operator's switch: false keeps the account out of new placements.</summary>
    public bool AcceptsTenants { get; private set; }

    public int StoreCapacity { get; private set; }

    /// <summary>Slots held by our tenants: reserved before their store is created, kept while it exists.</summary>
    public int StoresOurs { get; private set; }

    /// <summary>Stores at Twilio that are not ours; they count against the cap all the same.</summary>
    public int StoresForeign { get; private set; }

    public DateTimeOffset? StoresCountedAt { get; private set; }

    /// <summary>
    /// Orchestrator configurations the account may hold (L1). Ours are not counted here: every live tenant placed
    /// in the account holds one, counted from the tenants under the slot lock.
    /// </summary>
    public int ConfigurationCapacity { get; private set; }

    /// <summary>Configurations at Twilio that are not ours; they count against the configuration cap.</summary>
    public int ConfigurationsForeign { get; private set; }

    /// <summary>API key (SK…) that acts in this subaccount; null for the parent, whose credentials are configured.</summary>
    public string? CredentialSid { get; private set; }

    /// <summary>The key's secret, encrypted with ASP.NET Core Data Protection. Never logged, never returned.</summary>
    public string? ProtectedSecret { get; private set; }

    /// <summary>
    /// A key rotation's new key, recorded the moment Twilio returned it and before anything else, so that a rotation
    /// that dies before the switch is finished with this key rather than losing it (docs/security.md).
    /// </summary>
    public string? PendingCredentialSid { get; private set; }

    public string? PendingProtectedSecret { get; private set; }

    /// <summary>When the current key replaced the one before it (a rotation); null for the key made with the account.</summary>
    public DateTimeOffset? CredentialsRotatedAt { get; private set; }

    /// <summary>
    /// From then on, every key of ours in the account that is neither current nor pending is deleted at Twilio:
    /// a rotation's old key once the runs that may still use it are over, and keys whose create reply was lost.
    /// Null when no key waits to be deleted.
    /// </summary>
    public DateTimeOffset? RetiredKeysDeleteAt { get; private set; }

    /// <summary>When the account was first seen holding nothing (no tenant, no slot, nothing foreign) since it last held something.</summary>
    public DateTimeOffset? EmptySince { get; private set; }

    /// <summary>Set under the slot lock when the service decided to close the (empty) subaccount: no placement from then on.</summary>
    public DateTimeOffset? CloseRequestedAt { get; private set; }

    /// <summary>When Twilio confirmed the close (A4, <c>Status=closed</c>).</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Store slots free; a tenant also needs a configuration slot (see <see cref="PoolCapacity"/>).</summary>
    public int FreeStoreSlots => Math.Max(0, StoreCapacity - StoresOurs - StoresForeign);

    public void SetCredentials(string keySid, string protectedSecret, DateTimeOffset now)
    {
        CredentialSid = keySid;
        ProtectedSecret = protectedSecret;
        UpdatedAt = now;
    }

    /// <summary>A rotation's new key, saved before it is used: the current key stays in use until it is verified.</summary>
    public void RecordPendingCredentials(string keySid, string protectedSecret, DateTimeOffset now)
    {
        PendingCredentialSid = keySid;
        PendingProtectedSecret = protectedSecret;
        UpdatedAt = now;
    }

    /// <summary>Twilio refused the pending key: forget it; it becomes a retired key, deleted by the next sweep.</summary>
    public void DiscardPendingCredentials(DateTimeOffset now)
    {
        PendingCredentialSid = null;
        PendingProtectedSecret = null;
        ScheduleRetiredKeysDeletion(now);
        UpdatedAt = now;
    }

    /// <summary>
    /// The verified pending key becomes the current one; the old key is retired, and deleted at Twilio no sooner
    /// than <paramref name="deleteRetiredKeysAt"/> (saga runs that read it before the switch may still use it).
    /// </summary>
    public void PromotePendingCredentials(DateTimeOffset now, DateTimeOffset deleteRetiredKeysAt)
    {
        if (PendingCredentialSid is null || PendingProtectedSecret is null)
            throw new InvalidOperationException($"Account {Sid} has no pending key to switch to.");
        CredentialSid = PendingCredentialSid;
        ProtectedSecret = PendingProtectedSecret;
        PendingCredentialSid = null;
        PendingProtectedSecret = null;
        CredentialsRotatedAt = now;
        ScheduleRetiredKeysDeletion(deleteRetiredKeysAt);
        UpdatedAt = now;
    }

    /// <summary>
    /// Retired keys are to be deleted from <paramref name="notBefore"/> on. Never earlier than a deletion already
    /// scheduled: the sweep cannot tell an old key still in its grace period from any other key of ours.
    /// </summary>
    public void ScheduleRetiredKeysDeletion(DateTimeOffset notBefore) =>
        RetiredKeysDeleteAt = RetiredKeysDeleteAt is { } scheduled && scheduled > notBefore ? scheduled : notBefore;

    /// <summary>Every key of ours but the current and the pending one is gone at Twilio.</summary>
    public void RecordRetiredKeysDeleted(DateTimeOffset now)
    {
        RetiredKeysDeleteAt = null;
        UpdatedAt = now;
    }

    /// <summary>Decided under the slot lock: the account is empty and is closed; nothing is placed in it any more.</summary>
    public void RequestClose(DateTimeOffset now)
    {
        if (IsParent) throw new InvalidOperationException("The parent account is never closed.");
        CloseRequestedAt = now;
        UpdatedAt = now;
    }

    /// <summary>Twilio closed the subaccount: it leaves the pool, and its key, useless now, is forgotten.</summary>
    public void MarkClosed(DateTimeOffset now)
    {
        if (CloseRequestedAt is null) throw new InvalidOperationException($"Account {Sid} was not to be closed.");
        Status = PoolAccountStatus.Closed;
        ClosedAt = now;
        EmptySince = null;
        CredentialSid = null;
        ProtectedSecret = null;
        PendingCredentialSid = null;
        PendingProtectedSecret = null;
        RetiredKeysDeleteAt = null;
        UpdatedAt = now;
    }

    /// <summary>An operator's override of a capacity (Twilio's caps may differ per account) or of placement.</summary>
    public void Update(int? storeCapacity, int? configurationCapacity, bool? acceptsTenants, DateTimeOffset now)
    {
        StoreCapacity = storeCapacity ?? StoreCapacity;
        ConfigurationCapacity = configurationCapacity ?? ConfigurationCapacity;
        AcceptsTenants = acceptsTenants ?? AcceptsTenants;
        UpdatedAt = now;
    }

    /// <summary>Reconciliation found the counters off: set them to what is known to exist (within the capacity).</summary>
    public void CorrectCounts(int ours, int foreign, DateTimeOffset now)
    {
        StoresOurs = Math.Min(ours, StoreCapacity);
        StoresForeign = Math.Clamp(foreign, 0, StoreCapacity - StoresOurs);
        StoresCountedAt = now;
        UpdatedAt = now;
    }

    /// <summary>Tenants that were placed here before the account joined the pool hold slots too.</summary>
    public void AdoptExistingTenants(int tenants, DateTimeOffset now)
    {
        StoresOurs = tenants;
        UpdatedAt = now;
    }

    /// <summary>Records how many of the account's configurations are not ours.</summary>
    public void RecordForeignConfigurations(int foreign, DateTimeOffset now)
    {
        ConfigurationsForeign = Math.Max(0, foreign);
        UpdatedAt = now;
    }

    /// <summary>
    /// Records stores found at Twilio that are not ours. Foreign stores beyond the room left are not recorded:
    /// the account is full either way, and the constraint keeps the counts within the cap.
    /// </summary>
    public int RecordForeignStores(int foreign, DateTimeOffset now)
    {
        StoresForeign = Math.Clamp(foreign, 0, Math.Max(0, StoreCapacity - StoresOurs));
        StoresCountedAt = now;
        UpdatedAt = now;
        return foreign - StoresForeign;
    }
}
