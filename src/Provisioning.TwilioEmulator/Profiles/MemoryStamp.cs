namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>When a memory was accepted, when it becomes readable, and its place in creation order.</summary>
public sealed record MemoryStamp(DateTimeOffset CreatedAt, DateTimeOffset VisibleAt, long Sequence);
