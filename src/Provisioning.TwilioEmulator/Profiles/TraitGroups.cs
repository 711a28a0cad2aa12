using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// The <c>traits</c> object of profile writes (spec schema <c>TraitGroups</c>): at most 50 trait groups of at most
/// 99 traits each, whose values are strings, numbers, booleans or flat arrays of those.
/// </summary>
public static partial class TraitGroups
{
    public const int MaxGroups = 50;
    public const int MaxTraitsPerGroup = 99;

    private const int MaxNameLength = 64;

    /// <param name="traits">The request's <c>traits</c> value.</param>
    /// <param name="allowNullValues">A PATCH removes a trait whose value is null; creates have no use for null.</param>
    public static string? Validate(JsonNode? traits, bool allowNullValues)
    {
        if (traits is not JsonObject groups) return "traits must be an object of trait groups";
        if (groups.Count > MaxGroups) return $"traits has {groups.Count} trait groups; at most {MaxGroups} are allowed";
        foreach (var (group, members) in groups)
        {
            if (group.Length > MaxNameLength || !GroupNamePattern().IsMatch(group))
            {
                return $"trait group name '{group}' must be 1 to {MaxNameLength} characters matching ^[a-zA-Z0-9_.-]+$";
            }

            if (members is not JsonObject memberObject) return $"traits.{group} must be an object of traits";
            if (memberObject.Count > MaxTraitsPerGroup)
            {
                return $"trait group {group} has {memberObject.Count} traits; at most {MaxTraitsPerGroup} are allowed";
            }

            foreach (var (name, value) in memberObject)
            {
                if (name.Length is 0 or > MaxNameLength) return $"trait name '{name}' in {group} must be 1 to {MaxNameLength} characters";
                if (value is null ? !allowNullValues : !IsTraitValue(value, allowArray: true))
                {
                    return $"traits.{group}.{name} must be a string, number, boolean or an array of those"
                        + (allowNullValues ? ", or null to remove it" : "");
                }
            }
        }

        return null;
    }

    /// <summary>Merges already validated traits: given values replace or add, null values remove, others stay.</summary>
    public static void Merge(Profile profile, JsonObject changes, DateTimeOffset now, Func<long> nextSequence)
    {
        foreach (var (group, members) in changes)
        {
            if (!profile.Traits.TryGetValue(group, out var traits)) profile.Traits[group] = traits = new(StringComparer.Ordinal);
            foreach (var (name, value) in members!.AsObject())
            {
                if (value is null)
                {
                    traits.Remove(name);
                }
                else if (traits.TryGetValue(name, out var trait))
                {
                    trait.Value = value.DeepClone();
                    trait.Timestamp = now;
                }
                else
                {
                    traits[name] = new ProfileTrait { Value = value.DeepClone(), Timestamp = now, Sequence = nextSequence() };
                }
            }

            if (traits.Count == 0) profile.Traits.Remove(group);
        }
    }

    /// <summary>
    /// The <c>traitGroups</c> query parameter: a comma-separated allow-list of 1 to 256 characters, or null for all
    /// groups. Returns false when it is malformed.
    /// </summary>
    public static bool TryParseFilter(string? raw, out Func<string, bool> includes)
    {
        includes = _ => true;
        if (raw is null) return true;
        if (raw.Length is 0 or > 256) return false;
        var allowed = raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        includes = allowed.Contains;
        return true;
    }

    /// <summary>The profile's traits as <c>{group: {name: value}}</c>, each group in the order its traits were first set.</summary>
    public static JsonObject Render(Profile profile, Func<string, bool> includesGroup)
    {
        var body = new JsonObject();
        foreach (var (group, traits) in profile.Traits.Where(g => includesGroup(g.Key)).OrderBy(g => g.Value.Values.Min(t => t.Sequence)))
        {
            body[group] = new JsonObject([.. traits.OrderBy(t => t.Value.Sequence)
                .Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value.Value.DeepClone()))]);
        }

        return body;
    }

    // Arrays may hold strings, numbers and booleans, but no arrays or objects.
    private static bool IsTraitValue(JsonNode value, bool allowArray) => value.GetValueKind() switch
    {
        JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => true,
        JsonValueKind.Array => allowArray && value.AsArray().All(item => item is not null && IsTraitValue(item, allowArray: false)),
        _ => false,
    };

    [GeneratedRegex(@"^[a-zA-Z0-9_.-]+\z")]
    private static partial Regex GroupNamePattern();
}
