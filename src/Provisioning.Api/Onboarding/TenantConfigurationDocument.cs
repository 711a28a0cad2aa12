using System.Text.Json.Nodes;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Onboarding;

/// <summary>
/// The tenant's Conversation Orchestrator configuration as the service writes it. The service owns the store
/// reference, memory extraction, status callbacks and the channels it has given the tenant (SMS, WHATSAPP, RCS,
/// VOICE: capture rules and timeouts). Everything else (intelligence configurations, the V1 bridge, extraction
/// strategies, channels others set, a VIDEO key written when Twilio still listed it) is kept exactly as fetched, since
/// every update replaces the whole (L2); the service itself never writes a VIDEO key (P20).
/// </summary>
public static class TenantConfigurationDocument
{
    /// <summary>Fields Twilio manages; they are not part of a replacement.</summary>
    private static readonly string[] ServerFields = ["id", "accountSid", "createdAt", "updatedAt", "version", "url", "links"];

    /// <summary>C1 body: the tenant's settings; only fields that are set.</summary>
    public static JsonObject ForCreate(Tenant tenant)
    {
        var body = new JsonObject
        {
            ["displayName"] = tenant.MemoryStoreName,
            ["description"] = Description(tenant),
            ["conversationGroupingType"] = tenant.Orchestrator.ConversationGroupingType,
            ["memoryStoreId"] = tenant.MemoryStoreId,
            ["memoryExtractionEnabled"] = tenant.Orchestrator.MemoryExtractionEnabled,
        };
        if (tenant.Orchestrator.StatusCallbacks.Count > 0) body["statusCallbacks"] = StatusCallbacks(tenant.Orchestrator);
        if (tenant.Orchestrator.Channels.Count > 0) body["channelSettings"] = Channels(tenant.Orchestrator, fetched: null, ownedBefore: null);
        return body;
    }

    /// <summary>C4 body: the configuration as fetched, with what the service owns set to the tenant's settings now.</summary>
    public static JsonObject ForReplace(Tenant tenant, Configuration fetched)
    {
        var body = (JsonObject)fetched.Json.DeepClone();
        foreach (var field in ServerFields) body.Remove(field);
        body["memoryStoreId"] = tenant.MemoryStoreId;
        body["memoryExtractionEnabled"] = tenant.Orchestrator.MemoryExtractionEnabled;
        body["description"] ??= Description(tenant);
        if (tenant.Orchestrator.StatusCallbacks.Count > 0) body["statusCallbacks"] = StatusCallbacks(tenant.Orchestrator);
        else body.Remove("statusCallbacks");
        // Required by C4 even when empty.
        body["channelSettings"] = Channels(tenant.Orchestrator, fetched.ChannelSettings, tenant.AppliedOrchestrator);
        return body;
    }

    /// <summary>Whether what the service owns in the configuration differs from <paramref name="settings"/> (the tenant's applied settings).</summary>
    public static bool Drifts(Configuration configuration, OrchestratorSettings settings)
    {
        if (configuration.MemoryExtractionEnabled != settings.MemoryExtractionEnabled) return true;
        if (!JsonNode.DeepEquals(configuration.StatusCallbacks ?? [], StatusCallbacks(settings))) return true;
        // Only the tenant's own channels: one someone else added beside them is theirs to keep.
        var theirs = configuration.ChannelSettings ?? [];
        return settings.Channels.Any(c => theirs[c.Key] is not JsonObject channel
                                          || !JsonNode.DeepEquals(Comparable(channel), Comparable(TenantCaptureRules.ToTwilio(c.Key, c.Value))));
    }

    /// <summary>A channel's settings without what means nothing: null members and an empty rule list (active voice is written with <c>statusTimeouts: null</c>).</summary>
    private static JsonObject Comparable(JsonObject channel)
    {
        var copy = (JsonObject)channel.DeepClone();
        foreach (var name in copy.Where(m => m.Value is null || m.Value is JsonArray { Count: 0 }).Select(m => m.Key).ToList()) copy.Remove(name);
        return copy;
    }

    private static JsonObject Channels(OrchestratorSettings settings, JsonObject? fetched, OrchestratorSettings? ownedBefore)
    {
        var channels = fetched is null ? new JsonObject() : (JsonObject)fetched.DeepClone();
        // A channel the tenant had and no longer has goes; one it never had is someone else's and stays.
        foreach (var gone in ownedBefore?.Channels.Keys.Except(settings.Channels.Keys) ?? []) channels.Remove(gone);
        foreach (var (channel, channelSettings) in settings.Channels) channels[channel] = TenantCaptureRules.ToTwilio(channel, channelSettings);
        return channels;
    }

    private static JsonArray StatusCallbacks(OrchestratorSettings settings) =>
        [.. settings.StatusCallbacks.Select(c => new JsonObject { ["url"] = c.Url, ["method"] = c.Method })];

    private static string Description(Tenant tenant) =>
        tenant.DisplayName ?? $"Conversation Orchestrator configuration of client {tenant.ClientId}";
}
