namespace MemoryAgent;

/// <summary>The caller's profile, whether it was made for this call, and what Recall gave back.</summary>
public sealed record CallOutcome(string ProfileId, bool NewProfile, IReadOnlyList<string> Recalled);
