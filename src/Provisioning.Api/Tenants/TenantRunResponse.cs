namespace Provisioning.Api.Tenants;

/// <summary>
/// A tenant's run as the API shows it: <c>state</c> (idle, scheduled, due, running, overdue), when the next run is
/// due, which process holds it and until when, and how many runs the work now due has taken.
/// </summary>
public sealed record TenantRunResponse(TenantRunState State, DateTimeOffset? DueAt, string? HeldBy, DateTimeOffset? HeldUntil, int Attempt)
{
    public static TenantRunResponse From(TenantRun run, DateTimeOffset now) =>
        new(run.StateAt(now), run.DueAt, run.HeldBy, run.HeldUntil, run.Attempt);
}
