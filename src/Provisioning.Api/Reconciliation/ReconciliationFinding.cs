namespace Provisioning.Api.Reconciliation;

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
