namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// Which profile of a store holds each identifier value: the earliest one, as resolution picks it. Built once per
/// request, so that a bulk upsert or an import resolves each item without scanning the store again.
/// </summary>
public sealed class IdentifierIndex
{
    private readonly Dictionary<ProfileIdentifier, Profile> _holders = [];

    /// <param name="profiles">The store's profiles, oldest first.</param>
    public IdentifierIndex(IEnumerable<Profile> profiles)
    {
        foreach (var profile in profiles) Add(profile);
    }

    /// <summary>Records the profile's identifiers that no earlier profile holds; call again after a write promoted more.</summary>
    public void Add(Profile profile)
    {
        foreach (var (type, values) in profile.Identifiers)
        {
            foreach (var value in values) _holders.TryAdd(new ProfileIdentifier(type, value), profile);
        }
    }

    public Profile? HolderOf(ProfileIdentifier identifier) => _holders.GetValueOrDefault(identifier);

    /// <summary>For each identifier in matching priority, the profile holding it; null when none does.</summary>
    public Profile? Resolve(IEnumerable<ProfileIdentifier> identifiers) =>
        identifiers.Select(HolderOf).FirstOrDefault(profile => profile is not null);
}
