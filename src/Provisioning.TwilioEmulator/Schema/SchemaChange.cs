using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Schema;

/// <summary>
/// An accepted control-plane write, kept until its operation completes (<see cref="AppliesAt"/>). Everything applying it
/// needs is in here (the body as validated, the sequence and time of acceptance), so that applying it to the accepted
/// state at once and to the visible state later gives the same result.
/// </summary>
public sealed class SchemaChange
{
    public required SchemaChangeKind Kind { get; init; }

    /// <summary>The trait group name or data mapping id the change is about.</summary>
    public required string Target { get; init; }

    public JsonObject Body { get; init; } = [];

    public required long Sequence { get; init; }

    public required DateTimeOffset AcceptedAt { get; init; }

    public required DateTimeOffset AppliesAt { get; init; }
}
