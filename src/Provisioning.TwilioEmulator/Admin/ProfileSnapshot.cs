using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Admin;

/// <summary>
/// A profile as the emulator holds it (<c>GET /_emulator/stores/{id}/profiles</c>): traits as the data plane renders
/// them, every identifier value ever promoted, and all memories, including those still inside the consistency window.
/// </summary>
public sealed record ProfileSnapshot(
    string Id,
    string StoreId,
    DateTimeOffset CreatedAt,
    JsonObject Traits,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Identifiers,
    IReadOnlyList<MemorySnapshot> Observations,
    IReadOnlyList<MemorySnapshot> Summaries);
