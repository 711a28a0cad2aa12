using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Admin;

/// <summary>
/// Body of <c>POST /_emulator/accounts/{sid}/configurations</c>: a configuration planted as someone else (a human
/// in the Console, another tool) would have made it. The store reference, the bridge's uniqueness and the
/// configuration cap are not checked; the shapes of the optional parts are, as on a create.
/// </summary>
public sealed record OutOfBandConfigurationRequest(
    string DisplayName,
    string MemoryStoreId,
    bool MemoryExtractionEnabled = false,
    string? Description = null,
    string? ConversationGroupingType = null,
    JsonObject? ChannelSettings = null,
    IReadOnlyList<StatusCallback>? StatusCallbacks = null,
    IReadOnlyList<string>? IntelligenceConfigurationIds = null,
    string? ConversationsV1BridgeServiceId = null,
    IReadOnlyList<string>? TraitExtractionStrategyIds = null,
    IReadOnlyList<string>? ObservationExtractionStrategyIds = null);
