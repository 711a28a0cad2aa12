namespace Provisioning.TwilioEmulator;

public enum ControlPlane
{
    Memory,
    Conversations,
}

/// <summary>Why an operation ended FAILED. Rendered per control plane (Memory has a code, Conversations an HTTP status).</summary>
public sealed record OperationFailure(int HttpStatus, int Code, string Title, string Detail);

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
    public OperationFailure? Failure { get; init; }

    public string StatusAt(DateTimeOffset now)
    {
        if (now >= CompletesAt) return Failure is null ? "COMPLETED" : "FAILED";
        return now < CreatedAt + ((CompletesAt - CreatedAt) / 2) ? "PENDING" : "RUNNING";
    }

    public bool IsTerminalAt(DateTimeOffset now) => now >= CompletesAt;

    public string StatusUrl => OperationUrls.StatusUrl(Plane, Id);
}

/// <summary>Absolute URLs pointing at the real Twilio hosts, as a faithful emulator must produce (contract §5).</summary>
public static class OperationUrls
{
    public const string MemoryBase = "https://memory.twilio.com/v1/ControlPlane";
    public const string ConversationsBase = "https://conversations.twilio.com/v2/ControlPlane";

    public static string StatusUrl(ControlPlane plane, string operationId) =>
        $"{(plane == ControlPlane.Memory ? MemoryBase : ConversationsBase)}/Operations/{operationId}";
}
