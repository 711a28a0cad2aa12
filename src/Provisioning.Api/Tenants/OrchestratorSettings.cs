namespace Provisioning.Api.Tenants;

/// <summary>What the tenant's Conversation Orchestrator configuration is made of (C1), as the service owns it.</summary>
public sealed record OrchestratorSettings(
    string ConversationGroupingType,
    bool MemoryExtractionEnabled,
    IReadOnlyList<StatusCallback> StatusCallbacks,
    IReadOnlyDictionary<string, ChannelSettings>? Channels = null)
{
    /// <summary>
    /// By channel name (<see cref="TenantChannels"/>); empty for tenants made before channels existed. A VOICE channel
    /// stored before <c>ingestion</c> existed reads as <see cref="VoiceIngestion.Legacy"/>, so that its capture rules stay.
    /// </summary>
    public IReadOnlyDictionary<string, ChannelSettings> Channels { get; init; } =
        Channels is null ? NoChannels : new SortedDictionary<string, ChannelSettings>(Channels.ToDictionary(c => c.Key, WithIngestion), StringComparer.Ordinal);

    private static ChannelSettings WithIngestion(KeyValuePair<string, ChannelSettings> channel) =>
        channel.Key == TenantChannels.Voice && channel.Value.Ingestion is null ? channel.Value with { Ingestion = VoiceIngestion.Legacy } : channel.Value;

    private static readonly IReadOnlyDictionary<string, ChannelSettings> NoChannels = new SortedDictionary<string, ChannelSettings>(StringComparer.Ordinal);

    public const string GroupByProfile = "GROUP_BY_PROFILE";

    public static readonly IReadOnlyList<string> GroupingTypes =
        [GroupByProfile, "GROUP_BY_PARTICIPANT_ADDRESSES", "GROUP_BY_PARTICIPANT_ADDRESSES_AND_CHANNEL_TYPE"];

    /// <summary>
    /// Memory extraction is on by default, unlike Twilio's own default: extracting memories is why a
    /// tenant gets a store at all.
    /// </summary>
    public static readonly OrchestratorSettings Default = new(GroupByProfile, true, []);

    /// <summary>These settings without what identifies the client (its numbers, its status callback URLs): what a Deleted tenant keeps.</summary>
    public OrchestratorSettings WithoutPersonalData() => this with { StatusCallbacks = [], Channels = NoChannels };

    // Records compare lists by reference; a repeated signup must compare them by value.
    public bool Equals(OrchestratorSettings? other) =>
        other is not null
        && ConversationGroupingType == other.ConversationGroupingType
        && MemoryExtractionEnabled == other.MemoryExtractionEnabled
        && StatusCallbacks.SequenceEqual(other.StatusCallbacks)
        && Channels.Count == other.Channels.Count
        && Channels.All(c => other.Channels.TryGetValue(c.Key, out var theirs) && c.Value.Equals(theirs));

    public override int GetHashCode() =>
        HashCode.Combine(ConversationGroupingType, MemoryExtractionEnabled, StatusCallbacks.Count);
}
