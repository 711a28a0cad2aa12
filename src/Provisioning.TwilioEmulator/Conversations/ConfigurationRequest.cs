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
    /// <summary>Capture rules per channel the live service accepts (contract §10 L5).</summary>
    public const int MaxCaptureRulesPerChannel = 100;

    private const int MaxDescriptionLength = 512;

    // The published keys (contract §12.4 P20). VIDEO is not one, but it is kept when given: §10 once listed it, so a
    // configuration may hold one, and a client that PUTs the whole configuration back (L2) must be able to keep it.
    // Refusing it would break that round trip; nothing Twilio publishes says it refuses the key.
    private static readonly HashSet<string> Channels = ["VOICE", "SMS", "RCS", "WHATSAPP", "CHAT"];
    private const string ToleratedChannel = "VIDEO";
    private static readonly HashSet<string> GroupingTypes =
        ["GROUP_BY_PROFILE", "GROUP_BY_PARTICIPANT_ADDRESSES", "GROUP_BY_PARTICIPANT_ADDRESSES_AND_CHANNEL_TYPE"];

    // The newest spec allows only these on create, PUT and PATCH (contract §10 corrections).
    private static readonly HashSet<string> CallbackMethods = ["POST", "GET"];

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

        return ValidateFields(body, allowNullChannels: write == ConfigurationWrite.Patch);
    }

    /// <summary>
    /// Checks the fields that are present without requiring any. The admin API uses it for the parts of a
    /// configuration it plants, so that what the SDK later fetches is something Twilio could have stored.
    /// </summary>
    public static ApiError? ValidateFields(JsonObject body, bool allowNullChannels)
    {
        foreach (var (name, value) in body)
        {
            if (value is null) continue;
            var problem = name switch
            {
                "displayName" => IsString(value, out var s) && s.Length <= 32 && DisplayNamePattern().IsMatch(s)
                    ? null : "displayName must be at most 32 characters matching ^[a-zA-Z0-9-_ ]+$",
                "description" => IsString(value, out var d) && d.Length <= MaxDescriptionLength
                    ? null : $"description must be a string of at most {MaxDescriptionLength} characters",
                "conversationGroupingType" => IsString(value, out var g) && GroupingTypes.Contains(g)
                    ? null : $"conversationGroupingType must be one of {string.Join(", ", GroupingTypes)}",
                "memoryStoreId" => IsString(value, out var id) && Ids.IsStoreId(id) ? null : "memoryStoreId is not a valid store id",
                "channelSettings" => ValidateChannelSettings(value, allowNullChannels),
                "statusCallbacks" => ValidateStatusCallbacks(value),
                "intelligenceConfigurationIds" => value is JsonArray ids && ids.Count <= 5 && IsStringArray(ids)
                    ? null : "intelligenceConfigurationIds must be at most 5 strings",
                "traitExtractionStrategyIds" or "observationExtractionStrategyIds" => value is JsonArray strategies && IsStringArray(strategies)
                    ? null : $"{name} must be a list of strings",
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

    /// <summary>
    /// Applies an already validated body. Create and Replace (a full replacement, contract §10 L2) remove every
    /// optional field they omit; Patch merges.
    /// </summary>
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
            if (body.TryGetPropertyValue("intelligenceConfigurationIds", out var ids)) configuration.IntelligenceConfigurationIds = CopyArray(ids);
            if (body.TryGetPropertyValue("traitExtractionStrategyIds", out var traits)) configuration.TraitExtractionStrategyIds = CopyArray(traits);
            if (body.TryGetPropertyValue("observationExtractionStrategyIds", out var observations))
            {
                configuration.ObservationExtractionStrategyIds = CopyArray(observations);
            }

            if (body.TryGetPropertyValue("memoryExtractionEnabled", out var extraction)) configuration.MemoryExtractionEnabled = extraction?.GetValue<bool>() ?? false;
            if (body.TryGetPropertyValue("conversationsV1Bridge", out var bridge)) configuration.ConversationsV1BridgeServiceId = bridge?["serviceId"]?.GetValue<string>();
            return;
        }

        // C4 lists displayName as optional; an omitted one keeps the current name rather than leaving the
        // configuration nameless, since displayName is required on the resource.
        configuration.DisplayName = Text("displayName") ?? configuration.DisplayName;
        configuration.Description = Text("description")!;
        configuration.ConversationGroupingType = Text("conversationGroupingType")!;
        configuration.MemoryStoreId = Text("memoryStoreId")!;
        configuration.ChannelSettings = body["channelSettings"]?.DeepClone().AsObject();
        configuration.StatusCallbacks = NormaliseCallbacks(body["statusCallbacks"]);
        configuration.IntelligenceConfigurationIds = CopyArray(body["intelligenceConfigurationIds"]);
        configuration.TraitExtractionStrategyIds = CopyArray(body["traitExtractionStrategyIds"]);
        configuration.ObservationExtractionStrategyIds = CopyArray(body["observationExtractionStrategyIds"]);
        configuration.MemoryExtractionEnabled = body["memoryExtractionEnabled"]?.GetValue<bool>() ?? false;
        configuration.ConversationsV1BridgeServiceId = body["conversationsV1Bridge"]?["serviceId"]?.GetValue<string>();
    }

    /// <summary>The resource always carries a method; POST is the documented default.</summary>
    public static JsonArray? NormaliseCallbacks(JsonNode? callbacks)
    {
        if (callbacks is not JsonArray array) return null;
        return [.. array.Select(c => (JsonNode)new JsonObject
        {
            ["url"] = c!["url"]!.GetValue<string>(),
            ["method"] = c["method"]?.GetValue<string>() ?? "POST",
        })];
    }

    private static JsonArray? CopyArray(JsonNode? node) => node?.DeepClone().AsArray();

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

    // Each channel: {statusTimeouts?: {inactive?: int >= 1, closed?: int >= 1}, captureRules?: [{from, to, metadata?}]}.
    private static string? ValidateChannelSettings(JsonNode value, bool allowNullChannels)
    {
        if (value is not JsonObject channels) return "channelSettings must be an object";
        foreach (var (channel, setting) in channels)
        {
            if (!Channels.Contains(channel) && channel != ToleratedChannel)
            {
                return $"channelSettings key '{channel}' must be a valid channel type ({string.Join(", ", Channels)})";
            }

            if (setting is null)
            {
                if (allowNullChannels) continue;
                return $"channelSettings.{channel} must be an object";
            }

            if (setting is not JsonObject settingObject) return $"channelSettings.{channel} must be an object";
            var problem = ValidateStatusTimeouts(channel, settingObject["statusTimeouts"]) ?? ValidateCaptureRules(channel, settingObject["captureRules"]);
            if (problem is not null) return problem;
        }

        return null;
    }

    private static string? ValidateStatusTimeouts(string channel, JsonNode? timeouts)
    {
        if (timeouts is null) return null;
        if (timeouts is not JsonObject timeoutObject) return $"channelSettings.{channel}.statusTimeouts must be an object";
        foreach (var name in new[] { "inactive", "closed" })
        {
            if (timeoutObject[name] is { } minutes && !(minutes is JsonValue number && number.TryGetValue<int>(out var whole) && whole >= 1))
            {
                return $"channelSettings.{channel}.statusTimeouts.{name} must be an integer >= 1 (minutes)";
            }
        }

        return null;
    }

    private static string? ValidateCaptureRules(string channel, JsonNode? rules)
    {
        if (rules is null) return null;
        if (rules is not JsonArray ruleArray) return $"channelSettings.{channel}.captureRules must be a list";
        if (ruleArray.Count > MaxCaptureRulesPerChannel)
        {
            return $"channelSettings.{channel}.captureRules has {ruleArray.Count} rules; at most {MaxCaptureRulesPerChannel} are allowed per channel";
        }

        // A rule from "*" to "*" is valid: Twilio accepts it, even though it captures every address (L6).
        foreach (var rule in ruleArray)
        {
            if (rule is not JsonObject ruleObject || !IsString(ruleObject["from"], out _) || !IsString(ruleObject["to"], out _))
            {
                return $"channelSettings.{channel}.captureRules[] must be {{from: string, to: string, metadata?}}";
            }

            if (ruleObject["metadata"] is { } metadata
                && (metadata is not JsonObject entries || entries.Any(entry => !IsString(entry.Value, out _))))
            {
                return $"channelSettings.{channel}.captureRules[].metadata must map strings to strings";
            }

            var problem = CaptureRuleAddresses.Problem(channel, ruleObject["from"]!.GetValue<string>(), ruleObject["metadata"] as JsonObject)
                ?? CaptureRuleAddresses.Problem(channel, ruleObject["to"]!.GetValue<string>(), ruleObject["metadata"] as JsonObject);
            if (problem is not null) return $"channelSettings.{channel}.captureRules[]: {problem}";
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

    private static bool IsStringArray(JsonArray array) => array.All(item => IsString(item, out _));

    private static bool IsString(JsonNode? node, out string value) => JsonValues.IsString(node, out value);

    // \z rather than $: $ also matches before a final newline, which would let "name\n" through.
    [GeneratedRegex(@"^[a-zA-Z0-9-_ ]+\z")]
    private static partial Regex DisplayNamePattern();

    [GeneratedRegex(@"^IS[0-9a-f]{32}\z")]
    private static partial Regex ServiceSidPattern();
}
