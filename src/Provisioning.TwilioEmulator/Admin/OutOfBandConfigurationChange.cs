using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Admin;

/// <summary>
/// Body of <c>PATCH /_emulator/configurations/{id}</c>, to create drift. A null field stays as it is; an empty one
/// (<c>""</c>, <c>[]</c>, <c>{}</c>) removes the field. A given field replaces the stored one whole (channel
/// settings are not merged). References are unchecked; shapes are checked as on a create.
/// </summary>
public sealed record OutOfBandConfigurationChange(
    string? MemoryStoreId = null,
    bool? MemoryExtractionEnabled = null,
    string? DisplayName = null,
    JsonObject? ChannelSettings = null,
    IReadOnlyList<StatusCallback>? StatusCallbacks = null,
    IReadOnlyList<string>? IntelligenceConfigurationIds = null,
    string? ConversationsV1BridgeServiceId = null,
    IReadOnlyList<string>? TraitExtractionStrategyIds = null,
    IReadOnlyList<string>? ObservationExtractionStrategyIds = null);
