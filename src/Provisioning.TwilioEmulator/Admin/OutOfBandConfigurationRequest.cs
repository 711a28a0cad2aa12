namespace Provisioning.TwilioEmulator.Admin;

/// <summary>Body of <c>POST /_emulator/accounts/{sid}/configurations</c>; the store reference is not checked.</summary>
public sealed record OutOfBandConfigurationRequest(
    string DisplayName,
    string MemoryStoreId,
    bool MemoryExtractionEnabled = false,
    string? Description = null,
    string? ConversationGroupingType = null);
