namespace Provisioning.Api.Accounts;

/// <summary>
/// A Twilio account tenants can be placed in: the parent (from configuration) or a subaccount the service
/// created. Slots are counted here, and a check constraint (ours + foreign ≤ capacity) makes it impossible
/// for any code path to hand out a slot the account does not have.
/// </summary>
public sealed class PoolAccount
{
    private PoolAccount()
    {
    }

    public PoolAccount(string sid, int poolIndex, string friendlyName, bool isParent, int storeCapacity, int configurationCapacity, DateTimeOffset now)
    {
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

    /// <summary>0 for the parent, then 1, 2, … in creation order: the fill order (oldest first).</summary>
    public int PoolIndex { get; private set; }

    public string FriendlyName { get; private set; } = "";
    public bool IsParent { get; private set; }
    public PoolAccountStatus Status { get; private set; }

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

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Store slots free; a tenant also needs a configuration slot (see <see cref="AccountPool"/>).</summary>
    public int FreeStoreSlots => Math.Max(0, StoreCapacity - StoresOurs - StoresForeign);

    public void SetCredentials(string keySid, string protectedSecret, DateTimeOffset now)
    {
        CredentialSid = keySid;
        ProtectedSecret = protectedSecret;
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
