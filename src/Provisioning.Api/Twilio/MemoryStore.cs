namespace Provisioning.Api.Twilio;

/// <summary>Store as fetched (M3). Status: QUEUED → PROVISIONING → ACTIVE, or FAILED.</summary>
public sealed record MemoryStore(string Id, string DisplayName, string? Description, string Status, int? Version)
{
    public bool IsActive => string.Equals(Status, "ACTIVE", StringComparison.OrdinalIgnoreCase);
    public bool IsFailed => string.Equals(Status, "FAILED", StringComparison.OrdinalIgnoreCase);
}
