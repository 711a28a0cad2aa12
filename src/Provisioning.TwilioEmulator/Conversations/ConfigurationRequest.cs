using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Provisioning.TwilioEmulator.Conversations;

/// <summary>
/// Validation and application of configuration request bodies (C1, C4, C5). Unknown properties are ignored:
/// the SDKs carry fields the spec snapshot lacks, and refusing them would break real clients.
/// </summary>
public static partial class ConfigurationRequest
{
    private static readonly HashSet<string> Channels = ["VOICE", "SMS", "RCS", "WHATSAPP", "CHAT"];
    private static readonly HashSet<string> GroupingTypes =
        ["GROUP_BY_PROFILE", "GROUP_BY_PARTICIPANT_ADDRESSES", "GROUP_BY_PARTICIPANT_ADDRESSES_AND_CHANNEL_TYPE"];
    private static readonly HashSet<string> CallbackMethods = ["POST", "GET", "PUT", "DELETE", "PATCH"];

    private static readonly Dictionary<ConfigurationWrite, string[]> RequiredFields = new()
    {
        [ConfigurationWrite.Create] = ["displayName", "description", "conversationGroupingType", "memoryStoreId"],
        [ConfigurationWrite.Replace] = ["conversationGroupingType", "channelSettings", "description", "memoryStoreId"],
        [ConfigurationWrite.Patch] = [],
    };

    public static ApiError? Validate(JsonObject body, ConfigurationWrite write)
    {
        foreach (var field in RequiredFields[write])
        {
            if (body[field] is null) return ApiError.BadRequest($"{field} is required.");
        }

        foreach (var (name, value) in body)
        {
            if (value is null) continue;
            var problem = name switch
            {
                "displayName" => IsString(value, out var s) && s.Length <= 32 && DisplayNamePattern().IsMatch(s)
                    ? null : "displayName must be at most 32 characters matching ^[a-zA-Z0-9-_ ]+$",
                "description" => IsString(value, out _) ? null : "description must be a string",
                "conversationGroupingType" => IsString(value, out var g) && GroupingTypes.Contains(g)
                    ? null : $"conversationGroupingType must be one of {string.Join(", ", GroupingTypes)}",
                "memoryStoreId" => IsString(value, out var id) && Ids.IsStoreId(id) ? null : "memoryStoreId is not a valid store id",
                "channelSettings" => ValidateChannelSettings(value, allowNullChannels: write == ConfigurationWrite.Patch),
                "statusCallbacks" => ValidateStatusCallbacks(value),
                "intelligenceConfigurationIds" => value is JsonArray ids && ids.Count <= 5 && ids.All(i => i is not null && IsString(i, out _))
                    ? null : "intelligenceConfigurationIds must be at most 5 strings",
                "memoryExtractionEnabled" => value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                    ? null : "memoryExtractionEnabled must be a boolean",
                "conversationsV1Bridge" => value is JsonObject bridge && bridge["serviceId"] is { } service && IsString(service, out var sid)
                    && ServiceSidPattern().IsMatch(sid) ? null : "conversationsV1Bridge.serviceId must match ^IS[0-9a-f]{32}$",
                _ => null,
            };
            if (problem is not null) return ApiError.BadRequest(problem);
        }

        return null;
    }

    /// <summary>Applies an already validated body. Create and Replace reset what they omit; Patch merges.</summary>
    public static void Apply(OrchestratorConfiguration configuration, JsonObject body, ConfigurationWrite write)
    {
        string? Text(string name) => body[name]?.GetValue<string>();

        if (write == ConfigurationWrite.Patch)
        {
            // Required fields cannot be cleared; null leaves them as they are.
            configuration.DisplayName = Text("displayName") ?? configuration.DisplayName;
            configuration.Description = Text("description") ?? configuration.Description;
            configuration.ConversationGroupingType = Text("conversationGroupingType") ?? configuration.ConversationGroupingType;
            configuration.MemoryStoreId = Text("memoryStoreId") ?? configuration.MemoryStoreId;
            if (body.TryGetPropertyValue("channelSettings", out var channels))
            {
                configuration.ChannelSettings = MergeChannelSettings(configuration.ChannelSettings, channels as JsonObject);
            }

            if (body.TryGetPropertyValue("statusCallbacks", out var callbacks)) configuration.StatusCallbacks = NormaliseCallbacks(callbacks);
            if (body.TryGetPropertyValue("intelligenceConfigurationIds", out var ids)) configuration.IntelligenceConfigurationIds = ids?.DeepClone().AsArray();
            if (body.TryGetPropertyValue("memoryExtractionEnabled", out var extraction)) configuration.MemoryExtractionEnabled = extraction?.GetValue<bool>() ?? false;
            if (body.TryGetPropertyValue("conversationsV1Bridge", out var bridge)) configuration.ConversationsV1BridgeServiceId = bridge?["serviceId"]?.GetValue<string>();
            return;
        }

        // PUT may omit displayName; the current one is kept then.
        configuration.DisplayName = Text("displayName") ?? configuration.DisplayName;
        configuration.Description = Text("description")!;
        configuration.ConversationGroupingType = Text("conversationGroupingType")!;
        configuration.MemoryStoreId = Text("memoryStoreId")!;
        configuration.ChannelSettings = body["channelSettings"]?.DeepClone().AsObject();
        configuration.StatusCallbacks = NormaliseCallbacks(body["statusCallbacks"]);
        configuration.IntelligenceConfigurationIds = body["intelligenceConfigurationIds"]?.DeepClone().AsArray();
        configuration.MemoryExtractionEnabled = body["memoryExtractionEnabled"]?.GetValue<bool>() ?? false;
        configuration.ConversationsV1BridgeServiceId = body["conversationsV1Bridge"]?["serviceId"]?.GetValue<string>();
    }

    // A channel with a value replaces that channel, a channel set to null is removed, others stay (C5).
    private static JsonObject? MergeChannelSettings(JsonObject? current, JsonObject? changes)
    {
        if (changes is null) return null;
        var merged = current?.DeepClone().AsObject() ?? [];
        foreach (var (channel, value) in changes)
        {
            if (value is null) merged.Remove(channel);
            else merged[channel] = value.DeepClone();
        }

        return merged.Count == 0 ? null : merged;
    }

    // The resource always carries a method; POST is the documented default.
    private static JsonArray? NormaliseCallbacks(JsonNode? callbacks)
    {
        if (callbacks is not JsonArray array) return null;
        return [.. array.Select(c => (JsonNode)new JsonObject
        {
            ["url"] = c!["url"]!.GetValue<string>(),
            ["method"] = c["method"]?.GetValue<string>() ?? "POST",
        })];
    }

    private static string? ValidateChannelSettings(JsonNode value, bool allowNullChannels)
    {
        if (value is not JsonObject channels) return "channelSettings must be an object";
        foreach (var (channel, setting) in channels)
        {
            if (!Channels.Contains(channel)) return $"channelSettings key '{channel}' must be one of {string.Join(", ", Channels)}";
            if (setting is null)
            {
                if (allowNullChannels) continue;
                return $"channelSettings.{channel} must be an object";
            }

            if (setting is not JsonObject settingObject) return $"channelSettings.{channel} must be an object";
            if (settingObject["statusTimeouts"] is { } timeouts)
            {
                if (timeouts is not JsonObject timeoutObject) return $"channelSettings.{channel}.statusTimeouts must be an object";
                foreach (var name in new[] { "inactive", "closed" })
                {
                    if (timeoutObject[name] is { } minutes && (minutes.GetValueKind() != JsonValueKind.Number || minutes.GetValue<double>() < 1))
                    {
                        return $"channelSettings.{channel}.statusTimeouts.{name} must be an integer >= 1";
                    }
                }
            }

            if (settingObject["captureRules"] is { } rules
                && (rules is not JsonArray ruleArray || ruleArray.Any(r => r is not JsonObject rule || !IsString(rule["from"], out _) || !IsString(rule["to"], out _))))
            {
                return $"channelSettings.{channel}.captureRules must be a list of {{from, to, metadata?}}";
            }
        }

        return null;
    }

    private static string? ValidateStatusCallbacks(JsonNode value)
    {
        if (value is not JsonArray callbacks || callbacks.Count > 2) return "statusCallbacks must be a list of at most 2 items";
        foreach (var callback in callbacks)
        {
            if (callback is not JsonObject item || !IsString(item["url"], out var url) || !Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                return "statusCallbacks[].url must be an absolute URI";
            }

            if (item["method"] is { } method && (!IsString(method, out var m) || !CallbackMethods.Contains(m)))
            {
                return $"statusCallbacks[].method must be one of {string.Join(", ", CallbackMethods)}";
            }
        }

        return null;
    }

    private static bool IsString(JsonNode? node, out string value)
    {
        value = node is not null && node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : "";
        return node is not null && node.GetValueKind() == JsonValueKind.String;
    }

    [GeneratedRegex("^[a-zA-Z0-9-_ ]+$")]
    private static partial Regex DisplayNamePattern();

    [GeneratedRegex("^IS[0-9a-f]{32}$")]
    private static partial Regex ServiceSidPattern();
}
