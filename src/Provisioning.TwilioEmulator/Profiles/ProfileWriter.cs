using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// Writes traits into one store by identity resolution, for create, bulk upsert and CSV imports: traits whose
/// identifiers a profile of the store holds are merged into it; otherwise they make a new profile, which counts against
/// <see cref="EmulatorOptions.ProfileCap"/>. Lives for one request, under the state lock.
/// </summary>
public sealed class ProfileWriter
{
    private readonly EmulatorState _state;
    private readonly string _storeId;
    private readonly IdentifierIndex _index;
    private int _count;

    public ProfileWriter(EmulatorState state, string storeId)
    {
        _state = state;
        _storeId = storeId;
        var profiles = state.ProfilesOf(storeId).ToList();
        _index = new IdentifierIndex(profiles);
        _count = profiles.Count;
    }

    /// <summary>Why writing these validated traits now would be refused (a merged limit, the cap), or null.</summary>
    public ApiError? Check(JsonObject traits) => CheckAll([traits], itemName: null);

    /// <summary>
    /// Checks a batch as if it were written in order: the merged limits of every profile it touches, and the cap for the
    /// profiles it creates. Items resolve to earlier items of the batch as they would once written. <paramref name="itemName"/>
    /// names the offending item in a refusal (<c>profiles[3]: …</c>); null for a single write.
    /// </summary>
    public ApiError? CheckAll(IReadOnlyList<JsonObject> batch, string? itemName)
    {
        // A profile the batch touches, by id, or by "new:{index}" for one an earlier item of the batch creates. Identifiers
        // that earlier items promote and no stored profile holds are "claimed", as the index would hold them by then.
        var shapes = new Dictionary<string, TraitShape>(StringComparer.Ordinal);
        var claimed = new Dictionary<ProfileIdentifier, string>();
        var created = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var identifiers = ProfileIdentifiers.Of(batch[i]);
            Profile? existing = null;
            string? key = null;
            foreach (var identifier in identifiers)
            {
                existing = _index.HolderOf(identifier);
                key = existing?.Id ?? claimed.GetValueOrDefault(identifier);
                if (key is not null) break;
            }

            if (key is null)
            {
                key = $"new:{i}";
                created++;
            }

            if (!shapes.TryGetValue(key, out var shape)) shapes[key] = shape = TraitShape.Of(existing);
            foreach (var identifier in identifiers.Where(id => _index.HolderOf(id) is null)) claimed.TryAdd(identifier, key);
            var problem = shape.Merge(batch[i]).LimitsProblem();
            if (problem is not null) return ApiError.BadRequest($"{(itemName is null ? "" : $"{itemName}[{i}]: ")}{problem}.");
        }

        var cap = _state.Settings.Current.ProfileCap;
        return created == 0 || _count + created <= cap
            ? null
            : ApiError.BadRequest($"Memory Store {_storeId} has {_count} profiles; the limit is {cap} profiles per store.");
    }

    /// <summary>Writes checked traits into the profile they resolve to, or into a new one, and returns it.</summary>
    public Profile Write(JsonObject traits)
    {
        var profile = _index.Resolve(ProfileIdentifiers.Of(traits));
        if (profile is null)
        {
            profile = new Profile { Id = Ids.NewProfileId(), StoreId = _storeId, CreatedAt = _state.Now, Sequence = _state.NextSequence() };
            _state.Profiles[profile.Id] = profile;
            _count++;
        }

        Apply(_state, profile, traits);
        _index.Add(profile);
        return profile;
    }

    /// <summary>Merges checked traits into <paramref name="profile"/> and promotes its identifier traits.</summary>
    public static void Apply(EmulatorState state, Profile profile, JsonObject traits)
    {
        TraitGroups.Merge(profile, traits, state.Now, state.NextSequence);
        profile.Promote(ProfileIdentifiers.Of(traits));
    }
}
