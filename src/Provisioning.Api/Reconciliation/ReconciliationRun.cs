namespace Provisioning.Api.Reconciliation;

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
