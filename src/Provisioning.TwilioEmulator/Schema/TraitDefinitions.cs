using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Provisioning.TwilioEmulator.Schema;

/// <summary>
/// The <c>traits</c> map of trait group writes (contract §12.2 <c>TraitDefinition</c>): <c>{dataType, description?,
/// validationRule?, idTypePromotion?}</c> and nothing else; <c>validationRule</c> is discriminated by <c>ruleType</c>.
/// </summary>
public static partial class TraitDefinitions
{
    public const int MaxTraitsPerGroup = 95;
    public const int MaxDescriptionLength = 1024;

    private const int MaxTraitNameLength = 64;
    private const int MaxIdTypeLength = 30;
    private const int MaxPatternLength = 1000;

    private static readonly string[] DataTypes = ["STRING", "NUMBER", "BOOLEAN", "ARRAY"];

    // Which properties each rule type takes besides ruleType, and whether they are integers with a lower bound.
    private static readonly Dictionary<string, (string Name, bool Integer, int Min)[]> RuleProperties = new()
    {
        ["STRING"] = [("pattern", false, 0), ("minLength", true, 0), ("maxLength", true, 1)],
        ["NUMBER"] = [("min", false, int.MinValue), ("max", false, int.MinValue)],
        ["BOOLEAN"] = [],
        ["ARRAY"] = [("minItems", true, 0), ("maxItems", true, 0)],
    };

    /// <summary>
    /// Checks a <c>traits</c> map; <paramref name="forPatch"/> also allows <c>"dataType": ""</c>, which removes a trait.
    /// Returns the problem, or null.
    /// </summary>
    public static string? Validate(JsonNode? traits, bool forPatch)
    {
        if (traits is not JsonObject map) return "traits must be an object of trait definitions by trait name";
        if (map.Count > MaxTraitsPerGroup) return $"traits has {map.Count} traits; at most {MaxTraitsPerGroup} are allowed";
        foreach (var (name, definition) in map)
        {
            if (name.Length > MaxTraitNameLength || !TraitNamePattern().IsMatch(name))
            {
                return $"trait name '{name}' must be 1 to {MaxTraitNameLength} characters matching ^[a-zA-Z0-9_\\-\\.]+$";
            }

            var problem = ValidateDefinition(definition, forPatch);
            if (problem is not null) return $"traits.{name}: {problem}";
        }

        return null;
    }

    private static string? ValidateDefinition(JsonNode? node, bool forPatch)
    {
        if (node is not JsonObject definition) return "a trait definition must be an object";
        var unknown = definition.Select(p => p.Key).FirstOrDefault(k => k is not ("dataType" or "description" or "validationRule" or "idTypePromotion"));
        if (unknown is not null) return $"unknown property '{unknown}'";
        if (!JsonValues.IsString(definition["dataType"], out var dataType)) return "dataType is required";
        if (dataType == "" && forPatch) return null;
        if (!DataTypes.Contains(dataType)) return $"dataType must be one of {string.Join(", ", DataTypes)}" + (forPatch ? ", or \"\" to remove the trait" : "");
        if (definition["description"] is { } description
            && (!JsonValues.IsString(description, out var text) || text.Length > MaxDescriptionLength))
        {
            return $"description must be a string of at most {MaxDescriptionLength} characters";
        }

        if (definition["idTypePromotion"] is { } promotion
            && (!JsonValues.IsString(promotion, out var idType) || idType.Length is < 1 or > MaxIdTypeLength))
        {
            return $"idTypePromotion must be an identifier type of 1 to {MaxIdTypeLength} characters";
        }

        return definition["validationRule"] is { } rule ? ValidateRule(rule, dataType) : null;
    }

    private static string? ValidateRule(JsonNode node, string dataType)
    {
        if (node is not JsonObject rule) return "validationRule must be an object";
        if (!JsonValues.IsString(rule["ruleType"], out var ruleType) || !RuleProperties.TryGetValue(ruleType, out var properties))
        {
            return $"validationRule.ruleType must be one of {string.Join(", ", DataTypes)}";
        }

        // The spec does not say a rule must fit its trait; a STRING rule on a NUMBER trait could never hold, so it is refused.
        if (ruleType != dataType) return $"validationRule.ruleType {ruleType} does not fit dataType {dataType}";
        foreach (var (key, value) in rule)
        {
            if (key == "ruleType") continue;
            var (name, integer, min) = properties.FirstOrDefault(p => p.Name == key);
            if (name is null) return $"validationRule ({ruleType}) has no property '{key}'";
            if (key == "pattern")
            {
                if (!JsonValues.IsString(value, out var pattern) || pattern.Length > MaxPatternLength || !IsRegex(pattern))
                {
                    return $"validationRule.pattern must be a regular expression of at most {MaxPatternLength} characters";
                }
            }
            else if (integer ? !JsonValues.IsInteger(value, out var whole) || whole < min : !JsonValues.IsNumber(value, out _))
            {
                return integer ? $"validationRule.{key} must be an integer of at least {min}" : $"validationRule.{key} must be a number";
            }
        }

        return null;
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^[a-zA-Z0-9_\-\.]+\z")]
    private static partial Regex TraitNamePattern();
}
