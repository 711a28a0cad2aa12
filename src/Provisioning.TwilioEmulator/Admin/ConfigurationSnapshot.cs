namespace Provisioning.TwilioEmulator.Admin;

public sealed record ConfigurationSnapshot(
    string Id,
    string AccountSid,
    string MemoryStoreId,
    string DisplayName,
    bool MemoryExtractionEnabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version,
    bool Visible,
    bool Deleting);
