namespace Provisioning.Api.Tenants;

/// <summary>
/// A tenant's run state as one value: what it needs next (<see cref="DueAt"/>: nothing, a run now, a run at a time)
/// and who holds it until when. The columns live on the tenant row, which is the unit of work: there is no queue
/// beside it.
/// </summary>
public sealed record TenantRun(DateTimeOffset? DueAt, string? HeldBy, DateTimeOffset? HeldUntil, int Attempt)
{
    /// <summary>Due work not taken up this long after it fell due is overdue: no live process is running it.</summary>
    public static readonly TimeSpan OverdueAfter = TimeSpan.FromMinutes(1);

    /// <summary>
    /// <c>idle</c> (nothing due), <c>scheduled</c> (due later), <c>due</c> (due now, waiting for a process),
    /// <c>running</c> (a live lease), <c>overdue</c> (due for over a minute and held by no live lease).
    /// </summary>
    public TenantRunState StateAt(DateTimeOffset now) =>
        HeldBy is not null && HeldUntil > now ? TenantRunState.Running
        : DueAt is not { } due ? TenantRunState.Idle
        : due > now ? TenantRunState.Scheduled
        : due + OverdueAfter < now ? TenantRunState.Overdue
        : TenantRunState.Due;
}
