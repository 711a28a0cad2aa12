namespace Provisioning.Api.Tenants;

public sealed record OrchestratorRequest(
    string? ConversationGroupingType,
    bool? MemoryExtractionEnabled,
    IReadOnlyList<StatusCallbackRequestBody?>? StatusCallbacks,
    IReadOnlyDictionary<string, ChannelRequest?>? Channels = null);
