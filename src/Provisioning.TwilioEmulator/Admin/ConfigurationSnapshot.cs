using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Admin;

/// <summary>
/// A configuration as the emulator holds it, so tests can assert exactly what a PUT left behind. Optional parts
/// are null when the configuration does not have them; <c>ChannelSettings</c> is the stored JSON, unchanged.
/// <c>VoiceTranscriptionProvisionedAt</c> and <c>VoiceTranscriptionProvisionings</c>: the VOICE billing rule (contract
/// §12.4 P22), which Twilio's API does not show: since when saved VOICE capture rules have had Real-Time Transcription
/// provisioned (null: none now), and how many times saving them provisioned it.
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
    IReadOnlyList<string>? ObservationExtractionStrategyIds,
    DateTimeOffset? VoiceTranscriptionProvisionedAt = null,
    int VoiceTranscriptionProvisionings = 0);
