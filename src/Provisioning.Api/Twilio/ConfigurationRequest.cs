namespace Provisioning.Api.Twilio;

/// <summary>Body of C1 (only fields that are set are sent).</summary>
public sealed record ConfigurationRequest(
    string DisplayName,
    string Description,
    string ConversationGroupingType,
    string MemoryStoreId,
    bool MemoryExtractionEnabled,
    IReadOnlyList<StatusCallbackRequest>? StatusCallbacks);
