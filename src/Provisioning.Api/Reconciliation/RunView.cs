using System.Text.Json;

namespace Provisioning.Api.Reconciliation;

public sealed record RunView(
    Guid Id, ReconciliationStatus Status, bool DryRun, string Trigger, string Actor, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    double? DurationSeconds, int AccountsTotal, int AccountsDone, long TwilioCalls, int FindingsTotal,
    IReadOnlyDictionary<string, int> Summary, string? Error)
{
    public static RunView From(ReconciliationRun run) => new(
        run.Id, run.Status, run.DryRun, run.Trigger, run.Actor, run.StartedAt, run.FinishedAt, run.Duration?.TotalSeconds,
        run.AccountsTotal, run.AccountsDone, run.TwilioCalls, run.FindingsTotal,
        JsonSerializer.Deserialize<Dictionary<string, int>>(run.Summary) ?? [], run.Error);
}
