using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// Writing traits by identity resolution, shared by create, bulk upsert and CSV imports: traits whose identifiers
/// match a profile of the store are merged into it; otherwise they make a new profile, which counts against the
/// store's <see cref="EmulatorOptions.ProfileCap"/>. Callers hold the state lock.
/// </summary>
public static class ProfileWrites
{
    /// <summary>
    /// The profile these identifiers resolve to: for each identifier in matching priority, the earliest profile of the
    /// store that holds it. Null when none does, so the write creates a profile.
    /// </summary>
    public static Profile? Resolve(EmulatorState state, string storeId, IReadOnlyList<ProfileIdentifier> identifiers)
    {
        foreach (var identifier in identifiers)
        {
            var match = state.ProfilesOf(storeId).FirstOrDefault(p => p.Has(identifier));
            if (match is not null) return match;
        }

        return null;
    }

    /// <summary>
    /// Checks a batch of validated trait objects as if it were applied in order: the merged limits of every profile it
    /// touches, and the cap for the profiles it creates. Items resolve to each other as they would once applied.
    /// <paramref name="itemName"/> names the offending item in a refusal (<c>profiles[3]: …</c>); null for a single write.
    /// </summary>
    public static ApiError? CheckBatch(EmulatorState state, string storeId, IReadOnlyList<JsonObject> batch, string? itemName)
    {
        // Keyed by profile id, or by "new:{index}" for a profile an earlier item of the batch creates.
        var shapes = new Dictionary<string, TraitShape>(StringComparer.Ordinal);
        var claimed = new Dictionary<ProfileIdentifier, string>();
        var created = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var identifiers = ProfileIdentifiers.Of(batch[i]);
            var key = identifiers.Select(id => claimed.GetValueOrDefault(id) ?? Resolve(state, storeId, [id])?.Id).FirstOrDefault(k => k is not null);
            if (key is null)
            {
                key = $"new:{i}";
                created++;
            }

            if (!shapes.TryGetValue(key, out var shape)) shapes[key] = shape = TraitShape.Of(state.Profiles.GetValueOrDefault(key));
            foreach (var identifier in identifiers) claimed.TryAdd(identifier, key);
            var problem = shape.Merge(batch[i]).LimitsProblem();
            if (problem is not null) return ApiError.BadRequest($"{(itemName is null ? "" : $"{itemName}[{i}]: ")}{problem}.");
        }

        return CheckCap(state, storeId, created);
    }

    /// <summary>400 / code 400 when <paramref name="adding"/> more profiles would take the store past its cap.</summary>
    public static ApiError? CheckCap(EmulatorState state, string storeId, int adding)
    {
        if (adding == 0) return null;
        var cap = state.Settings.Current.ProfileCap;
        var count = state.ProfilesOf(storeId).Count();
        return count + adding <= cap
            ? null
            : ApiError.BadRequest($"Memory Store {storeId} has {count} profiles; the limit is {cap} profiles per store.");
    }

    /// <summary>Writes checked traits into the profile they resolve to, or into a new one, which is returned.</summary>
    public static Profile Upsert(EmulatorState state, string storeId, JsonObject traits)
    {
        var profile = Resolve(state, storeId, ProfileIdentifiers.Of(traits));
        if (profile is null)
        {
            profile = new Profile { Id = Ids.NewProfileId(), StoreId = storeId, CreatedAt = state.Now, Sequence = state.NextSequence() };
            state.Profiles[profile.Id] = profile;
        }

        Apply(state, profile, traits);
        return profile;
    }

    /// <summary>Merges checked traits into <paramref name="profile"/> and promotes its identifier traits.</summary>
    public static void Apply(EmulatorState state, Profile profile, JsonObject traits)
    {
        TraitGroups.Merge(profile, traits, state.Now, state.NextSequence);
        profile.Promote(ProfileIdentifiers.Of(traits));
    }
}
