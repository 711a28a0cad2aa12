using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// The trait names a profile has (or would have), by group: enough to check the 50-group and 99-trait limits of a
/// write before anything is applied.
/// </summary>
public sealed class TraitShape
{
    private readonly Dictionary<string, HashSet<string>> _names = new(StringComparer.Ordinal);

    /// <summary>The shape of <paramref name="profile"/>, or an empty one for a profile that a write would create.</summary>
    public static TraitShape Of(Profile? profile)
    {
        var shape = new TraitShape();
        foreach (var (group, traits) in profile?.Traits ?? [])
        {
            shape._names[group] = [.. traits.Keys];
        }

        return shape;
    }

    /// <summary>As <see cref="TraitGroups.Merge"/> would change the profile: null values remove a trait.</summary>
    public TraitShape Merge(JsonObject changes)
    {
        foreach (var (group, members) in changes)
        {
            if (!_names.TryGetValue(group, out var names)) _names[group] = names = [];
            foreach (var (name, value) in members!.AsObject())
            {
                if (value is null) names.Remove(name);
                else names.Add(name);
            }
        }

        return this;
    }

    public string? LimitsProblem()
    {
        var groups = _names.Where(g => g.Value.Count > 0).ToList();
        if (groups.Count > TraitGroups.MaxGroups)
        {
            return $"the profile would have {groups.Count} trait groups; at most {TraitGroups.MaxGroups} are allowed";
        }

        var crowded = groups.FirstOrDefault(g => g.Value.Count > TraitGroups.MaxTraitsPerGroup);
        return crowded.Key is null
            ? null
            : $"trait group {crowded.Key} would have {crowded.Value.Count} traits; at most {TraitGroups.MaxTraitsPerGroup} are allowed";
    }
}
