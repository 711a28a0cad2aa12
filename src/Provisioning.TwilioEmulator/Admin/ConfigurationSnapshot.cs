using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Admin;

/// <summary>
/// A configuration as the emulator holds it, so tests can assert exactly what a PUT left behind. Optional parts
/// are null when the configuration does not have them; <c>ChannelSettings</c> is the stored JSON, unchanged.
/// </summary>
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
    bool Deleting,
    string Description,
    string ConversationGroupingType,
    JsonObject? ChannelSettings,
    IReadOnlyList<StatusCallback>? StatusCallbacks,
    IReadOnlyList<string>? IntelligenceConfigurationIds,
    string? ConversationsV1BridgeServiceId,
    IReadOnlyList<string>? TraitExtractionStrategyIds,
    IReadOnlyList<string>? ObservationExtractionStrategyIds);
