namespace Provisioning.Api.Reconciliation;

public enum FindingKind
{
    /// <summary>A Ready tenant's store is not at Twilio.</summary>
    MissingStore,

    /// <summary>A tenant's store exists but is not ACTIVE (checked when Reconciliation:VerifyKnownStores is on).</summary>
    StoreNotActive,

    /// <summary>A Ready tenant's configuration is not at Twilio.</summary>
    MissingConfiguration,

    /// <summary>The configuration references another store, or its memoryExtractionEnabled differs from the tenant's.</summary>
    ConfigurationLinkMismatch,

    /// <summary>A store named <c>client-*</c> that no tenant owns, or a second store for one tenant.</summary>
    OrphanStore,

    /// <summary>A store the service did not make; it counts against the account's cap.</summary>
    ForeignStore,

    /// <summary>The pool's slot counters disagree with the stores known to exist.</summary>
    CapacityMismatch,

    /// <summary>A pool account Twilio does not know (or no longer lets us in).</summary>
    AccountMissing,

    /// <summary>A pool account Twilio reports suspended or closed.</summary>
    AccountSuspended,
}

public enum FindingPolicy
{
    /// <summary>Record the finding only.</summary>
    Report,

    /// <summary>Fix it: enqueue the tenant's repair, record the foreign store, correct the counters, stop placing in the account.</summary>
    Repair,

    /// <summary>Orphans only: give a <c>client-&lt;id&gt;</c> store to its tenant when that tenant has none (else report).</summary>
    Adopt,

    /// <summary>Orphans only, and only when configured: delete the store at Twilio.</summary>
    Delete,
}

public enum ReconciliationStatus
{
    Running,
    Completed,
    Failed,
}

/// <summary>One reconciliation: progress while it runs, then its summary. Findings are rows of their own.</summary>
public sealed class ReconciliationRun
{
    private ReconciliationRun()
    {
    }

    public ReconciliationRun(bool dryRun, string trigger, string actor, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        DryRun = dryRun;
        Trigger = trigger;
        Actor = actor;
        Status = ReconciliationStatus.Running;
        StartedAt = HeartbeatAt = now;
    }

    public Guid Id { get; private set; }
    public ReconciliationStatus Status { get; private set; }
    public bool DryRun { get; private set; }

    /// <summary><c>schedule</c> or <c>api</c>.</summary>
    public string Trigger { get; private set; } = "";

    public string Actor { get; private set; } = "";
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset HeartbeatAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    public int AccountsTotal { get; private set; }
    public int AccountsDone { get; private set; }
    public long TwilioCalls { get; private set; }
    public int FindingsTotal { get; private set; }

    /// <summary>Findings per kind, as JSON (e.g. {"MissingStore":1}).</summary>
    public string Summary { get; private set; } = "{}";

    public string? Error { get; private set; }

    public TimeSpan? Duration => FinishedAt - StartedAt;

    public void Begin(int accounts, DateTimeOffset now)
    {
        AccountsTotal = accounts;
        HeartbeatAt = now;
    }

    public void Complete(long twilioCalls, int findings, string summary, DateTimeOffset now)
    {
        Status = ReconciliationStatus.Completed;
        TwilioCalls = twilioCalls;
        FindingsTotal = findings;
        Summary = summary;
        FinishedAt = HeartbeatAt = now;
    }

    public void Fail(string error, long twilioCalls, DateTimeOffset now)
    {
        Status = ReconciliationStatus.Failed;
        Error = error.Length > 2000 ? error[..2000] : error;
        TwilioCalls = twilioCalls;
        FinishedAt = HeartbeatAt = now;
    }
}

public sealed class ReconciliationFinding
{
    private ReconciliationFinding()
    {
    }

    public ReconciliationFinding(Guid runId, FindingKind kind, string accountSid, string? storeId, string? configurationId,
        string? clientId, string detail, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        RunId = runId;
        Kind = kind;
        AccountSid = accountSid;
        StoreId = storeId;
        ConfigurationId = configurationId;
        ClientId = clientId;
        Detail = detail.Length > 1000 ? detail[..1000] : detail;
        DetectedAt = now;
        Action = "reported";
    }

    public Guid Id { get; private set; }
    public Guid RunId { get; private set; }
    public FindingKind Kind { get; private set; }
    public string AccountSid { get; private set; } = "";
    public string? StoreId { get; private set; }
    public string? ConfigurationId { get; private set; }
    public string? ClientId { get; private set; }
    public string Detail { get; private set; } = "";
    public DateTimeOffset DetectedAt { get; private set; }

    /// <summary>What was done: reported, repair enqueued, adopted, deleted, recorded, counters corrected, … or "would …" in a dry run.</summary>
    public string Action { get; set; } = "reported";
}

/// <summary>A store at Twilio that is not ours, already seen: counted against its account's cap and not fetched again.</summary>
public sealed class KnownForeignStore
{
    private KnownForeignStore()
    {
    }

    public KnownForeignStore(string storeId, string accountSid, string? displayName, DateTimeOffset now)
    {
        StoreId = storeId;
        AccountSid = accountSid;
        DisplayName = displayName;
        FirstSeenAt = now;
    }

    public string StoreId { get; private set; } = "";
    public string AccountSid { get; private set; } = "";
    public string? DisplayName { get; private set; }
    public DateTimeOffset FirstSeenAt { get; private set; }
}
