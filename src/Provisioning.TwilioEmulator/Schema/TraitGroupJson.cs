using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Schema;

/// <summary>Renders a <c>TraitGroup</c> (contract §12.2): <c>{displayName, description?, traits?, version}</c>.</summary>
public static class TraitGroupJson
{
    public static JsonObject Render(TraitGroupDefinition group, IEnumerable<KeyValuePair<string, JsonNode?>>? traits)
    {
        var body = new JsonObject { ["displayName"] = group.DisplayName };
        if (group.Description is not null) body["description"] = group.Description;
        if (traits is not null) body["traits"] = new JsonObject([.. traits.Select(t => KeyValuePair.Create(t.Key, t.Value?.DeepClone()))]);
        body["version"] = group.Version;
        return body;
    }

    /// <summary>The <c>includeTraits</c> query flag; null when it is neither true nor false.</summary>
    public static bool? ParseIncludeTraits(string? raw, bool defaultValue) => raw switch
    {
        null or "" => defaultValue,
        _ when bool.TryParse(raw, out var value) => value,
        _ => null,
    };
}
