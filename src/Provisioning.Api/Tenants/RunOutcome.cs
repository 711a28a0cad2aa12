namespace Provisioning.Api.Tenants;

/// <summary>How a run of a tenant's saga ended: nothing left for it to do, or the next run due at a time.</summary>
public readonly record struct RunOutcome(DateTimeOffset? NextRunAt)
{
    /// <summary>Nothing more to do until a command asks for a run (or it stopped for an admin: Failed, stuck).</summary>
    public static RunOutcome Done => new(null);

    public static RunOutcome RunAgainAt(DateTimeOffset at) => new(at);
}
