using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Schema;

/// <summary>
/// <c>IdentityResolutionSettingsCore</c> of a PUT (contract §12.2): 1–15 <c>IdentifierConfig</c>s (no other
/// properties; defaults <c>exact</c>, 75, 100, <c>fifo</c>, unique, <c>trim</c>) and 1–15 matching rules.
/// </summary>
public static class IdentifierConfigs
{
    private const int MaxItems = 15;

    private static readonly string[] Fields = ["idType", "matchingAlgo", "matchingThreshold", "limit", "limitPolicy", "enforceUnique", "normalization"];

    /// <summary>The config with every field the spec gives a default for filled in, in the spec's field order.</summary>
    public static JsonObject WithDefaults(JsonObject config) => new()
    {
        ["idType"] = config["idType"]!.DeepClone(),
        ["matchingAlgo"] = config["matchingAlgo"]?.DeepClone() ?? "exact",
        ["matchingThreshold"] = config["matchingThreshold"]?.DeepClone() ?? 75,
        ["limit"] = config["limit"]?.DeepClone() ?? 100,
        ["limitPolicy"] = config["limitPolicy"]?.DeepClone() ?? "fifo",
        ["enforceUnique"] = config["enforceUnique"]?.DeepClone() ?? true,
        ["normalization"] = config["normalization"]?.DeepClone() ?? "trim",
    };

    /// <summary>The body to apply (configs with defaults, rules), or why it is refused.</summary>
    public static (JsonObject? Settings, ApiError? Error) Read(JsonObject body)
    {
        var unknown = body.Select(p => p.Key).FirstOrDefault(k => k is not ("identifierConfigs" or "matchingRules"));
        if (unknown is not null) return Refuse($"Unknown property '{unknown}'.");
        if (body["identifierConfigs"] is not JsonArray configs || configs.Count is < 1 or > MaxItems)
        {
            return Refuse($"identifierConfigs is required: a list of 1 to {MaxItems} identifier configs.");
        }

        var complete = new JsonArray();
        var idTypes = new List<string>();
        for (var i = 0; i < configs.Count; i++)
        {
            var problem = ValidateConfig(configs[i]);
            if (problem is not null) return Refuse($"identifierConfigs[{i}]: {problem}.");
            var idType = (string)configs[i]!["idType"]!;
            if (idTypes.Contains(idType)) return Refuse($"identifierConfigs[{i}]: idType '{idType}' is configured twice.");
            idTypes.Add(idType);
            complete.Add(WithDefaults(configs[i]!.AsObject()));
        }

        if (body["matchingRules"] is not JsonArray rules || rules.Count is < 1 or > MaxItems)
        {
            return Refuse($"matchingRules is required: a list of 1 to {MaxItems} identifier types.");
        }

        var ordered = new List<string>();
        for (var i = 0; i < rules.Count; i++)
        {
            // One identifier type per rule: the spec supports no compound rules. A rule must name a configured type.
            if (!JsonValues.IsString(rules[i], out var rule) || rule.Length is < 1 or > 30)
            {
                return Refuse($"matchingRules[{i}] must be an identifier type of 1 to 30 characters.");
            }

            if (!idTypes.Contains(rule)) return Refuse($"matchingRules[{i}]: '{rule}' is not an idType of identifierConfigs.");
            if (ordered.Contains(rule)) return Refuse($"matchingRules[{i}]: '{rule}' is listed twice.");
            ordered.Add(rule);
        }

        return (new JsonObject { ["identifierConfigs"] = complete, ["matchingRules"] = new JsonArray([.. ordered.Select(r => (JsonNode)r)]) }, null);
    }

    private static string? ValidateConfig(JsonNode? node)
    {
        if (node is not JsonObject config) return "must be an object";
        var unknown = config.Select(p => p.Key).FirstOrDefault(k => !Fields.Contains(k));
        if (unknown is not null) return $"unknown property '{unknown}'";
        if (!JsonValues.IsString(config["idType"], out var idType) || idType.Length is < 2 or > 30) return "idType is required: 2 to 30 characters";
        if (!IsOneOf(config["matchingAlgo"], "exact", "fuzzy")) return "matchingAlgo must be exact or fuzzy";
        if (!IsIntegerIn(config["matchingThreshold"], 50, 99)) return "matchingThreshold must be an integer from 50 to 99";
        if (!IsIntegerIn(config["limit"], 1, 100)) return "limit must be an integer from 1 to 100";
        if (!IsOneOf(config["limitPolicy"], "fifo", "lifo")) return "limitPolicy must be fifo or lifo";
        if (config["enforceUnique"] is { } unique && unique.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
        {
            return "enforceUnique must be a boolean";
        }

        return IsOneOf(config["normalization"], "phone", "email", "trim", "none") ? null : "normalization must be phone, email, trim or none";
    }

    // An absent optional value is fine; a present one must be one of the allowed strings.
    private static bool IsOneOf(JsonNode? node, params string[] allowed) =>
        node is null || (JsonValues.IsString(node, out var value) && allowed.Contains(value));

    private static bool IsIntegerIn(JsonNode? node, int min, int max) =>
        node is null || (JsonValues.IsInteger(node, out var value) && value >= min && value <= max);

    private static (JsonObject?, ApiError?) Refuse(string message) => (null, ApiError.BadRequest(message));
}
