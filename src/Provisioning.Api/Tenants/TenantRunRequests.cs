using Provisioning.Api.Infrastructure.Database;

namespace Provisioning.Api.Tenants;

/// <summary>
/// What is recorded of a <see cref="Tenant"/>'s run state through the aggregate, reached as <see cref="Tenant.Runs"/>:
/// a command asking for a run, and the holding run renewing its lease at a checkpoint. Taking, renewing by heartbeat and
/// giving back a run are the runner's own statements (<see cref="TenantLeases"/>).
/// </summary>
/// <remarks>A view over the tenant's own columns, like <see cref="OnboardingProgress"/>.</remarks>
public sealed class TenantRunRequests
{
    private readonly Tenant _tenant;

    internal TenantRunRequests(Tenant tenant) => _tenant = tenant;

    /// <summary>
    /// A command calls for a run, in its own transaction: due now (an offboarding when its grace period ends). A run due
    /// now is always written anew, so a run in progress when the command lands sees its due time moved and leaves the
    /// tenant due when it gives it back.
    /// </summary>
    public void Request(DateTimeOffset now)
    {
        var dueAt = _tenant is { Status: TenantStatus.PendingDeletion, DeletionDueAt: { } deletion } && deletion > now ? deletion : now;
        if (dueAt <= now || _tenant.RunDueAt is null || dueAt < _tenant.RunDueAt) _tenant.RunDueAt = DatabaseTime.Truncate(dueAt);
    }

    /// <summary>
    /// A bulk retry's turn: due at <paramref name="dueAt"/>, so that a bulk action is never a burst against Twilio.
    /// Always written, like a run asked for now: an earlier due time may be the one a run in flight claimed, which
    /// would otherwise clear it when it gives the tenant back.
    /// </summary>
    public void RequestAt(DateTimeOffset dueAt) => _tenant.RunDueAt = DatabaseTime.Truncate(dueAt);

    /// <summary>
    /// The lease renewed at a checkpoint of the run that holds it, once a third of it has gone (as the runner's
    /// heartbeat does): a checkpoint that records nothing else then writes nothing. Nothing when <paramref name="holder"/>
    /// does not hold the tenant.
    /// </summary>
    public void ExtendLease(string holder, DateTimeOffset now, TimeSpan lease)
    {
        if (_tenant.RunHeldBy != holder || _tenant.RunHeldUntil >= now + lease * 2 / 3) return;
        _tenant.RunHeldUntil = DatabaseTime.Truncate(now + lease);
    }
}
