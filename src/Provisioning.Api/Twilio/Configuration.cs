using System.Text.Json.Nodes;

namespace Provisioning.Api.Twilio;

/// <summary>
/// A configuration as listed (C2) or fetched (C3), kept whole: every change is a full replacement (C4, L2), so
/// what the service does not own must go back exactly as Twilio gave it.
/// </summary>
public sealed class Configuration(JsonObject json)
{
    public JsonObject Json { get; } = json;

    public string Id => Json["id"]?.GetValue<string>() ?? "";
    public string? DisplayName => Json["displayName"]?.GetValue<string>();
    public string? MemoryStoreId => Json["memoryStoreId"]?.GetValue<string>();
    public string? ConversationGroupingType => Json["conversationGroupingType"]?.GetValue<string>();

    /// <summary>Twilio's default is false (C1).</summary>
    public bool MemoryExtractionEnabled => Json["memoryExtractionEnabled"]?.GetValue<bool>() ?? false;

    public JsonObject? ChannelSettings => Json["channelSettings"] as JsonObject;
    public JsonArray? StatusCallbacks => Json["statusCallbacks"] as JsonArray;
}
