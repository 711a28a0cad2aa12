namespace Provisioning.TwilioEmulator;

/// <summary>
/// An asynchronous control-plane operation. Like stores, its status is derived from timestamps:
/// PENDING for the first half of its duration, RUNNING for the second, then COMPLETED or FAILED.
/// </summary>
public sealed class Operation
{
    public required string Id { get; init; }
    public required ControlPlane Plane { get; init; }
    public required string AccountSid { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset CompletesAt { get; init; }

    /// <summary>The store id (Memory) or configuration id (Conversations) the operation is about.</summary>
    public string? ResourceId { get; init; }

    /// <summary>
    /// The operation's answer leaves <see cref="ResourceId"/> out, as the live service sometimes does for a
    /// configuration create (contract §10 L3). The admin snapshot still shows it.
    /// </summary>
    public bool ResourceIdHidden { get; init; }

    /// <summary>Where the result lives when it is not a store (a data mapping, say); null for a store's URL.</summary>
    public string? ResultUrl { get; init; }

    public OperationFailure? Failure { get; init; }

    /// <summary>Expired ahead of its retention by the admin API, so tests need not wait 7 days (§12 P5).</summary>
    public bool Expired { get; set; }

    public string StatusAt(DateTimeOffset now)
    {
        if (now >= CompletesAt) return Failure is null ? "COMPLETED" : "FAILED";
        return now < CreatedAt + ((CompletesAt - CreatedAt) / 2) ? "PENDING" : "RUNNING";
    }

    public bool IsTerminalAt(DateTimeOffset now) => now >= CompletesAt;

    public string StatusUrl => OperationUrls.StatusUrl(Plane, Id);
}
