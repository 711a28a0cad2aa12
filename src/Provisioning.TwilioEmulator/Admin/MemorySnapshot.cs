using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Admin;

/// <summary>An observation or summary in the data plane's JSON shape, and whether lists and Recall can see it yet.</summary>
public sealed record MemorySnapshot(JsonObject Memory, bool Visible);
