namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// A customer profile in a Memory Store's data plane. Its observations and summaries live with it, so deleting the
/// profile (or its store) takes them along.
/// </summary>
public sealed class Profile
{
    private const int MaxValuesPerIdentifier = 100;

    public required string Id { get; init; }
    public required string StoreId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required long Sequence { get; init; }

    /// <summary>Trait group name → trait name → value.</summary>
    public Dictionary<string, Dictionary<string, ProfileTrait>> Traits { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Identifier type → every value ever promoted from its trait, oldest first. Values stay when the trait changes, as
    /// the spec's <c>IdentifierSet</c> keeps historical values, so a lookup by an old email still finds the profile.
    /// </summary>
    public Dictionary<string, List<string>> Identifiers { get; init; } = new(StringComparer.Ordinal);

    public List<Observation> Observations { get; init; } = [];

    public List<ConversationSummary> Summaries { get; init; } = [];

    public bool Has(ProfileIdentifier identifier) =>
        Identifiers.TryGetValue(identifier.Type, out var values) && values.Contains(identifier.Value);

    /// <summary>Records identifier values; the oldest go first once a type holds 100 (the spec's default limit, fifo).</summary>
    public void Promote(IEnumerable<ProfileIdentifier> identifiers)
    {
        foreach (var identifier in identifiers.Where(i => !Has(i)))
        {
            if (!Identifiers.TryGetValue(identifier.Type, out var values)) Identifiers[identifier.Type] = values = [];
            values.Add(identifier.Value);
            if (values.Count > MaxValuesPerIdentifier) values.RemoveAt(0);
        }
    }
}
