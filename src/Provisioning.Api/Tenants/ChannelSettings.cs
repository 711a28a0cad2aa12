using System.Text.Json.Serialization;

namespace Provisioning.Api.Tenants;

/// <summary>
/// One channel of a tenant's configuration: the tenant's own addresses on that channel, from which the service
/// generates the capture rules (L5), and optional status timeouts in minutes. Addresses are kept as the API shows them:
/// numbers in E.164 (WhatsApp's and RCS's prefixes dropped), RCS sender ids as <c>rcs:&lt;senderId&gt;</c>.
/// VOICE only: <see cref="Ingestion"/> (<see cref="VoiceIngestion"/>; null on channels stored before it existed, read as
/// <see cref="VoiceIngestion.Legacy"/>), and the Voice SDK identities and SIP addresses captured when passive.
/// </summary>
public sealed record ChannelSettings(
    IReadOnlyList<string> Addresses,
    StatusTimeouts? StatusTimeouts = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Ingestion = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? ClientIdentities = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? SipAddresses = null)
{
    /// <summary>Whether this VOICE channel is captured by rules (billed transcription) rather than by the tenant's TwiML.</summary>
    [JsonIgnore]
    public bool IsPassiveVoice => (Ingestion ?? VoiceIngestion.Legacy) == VoiceIngestion.Passive;

    /// <summary>Every concrete address the channel names: numbers, sender ids, identities, SIP addresses.</summary>
    [JsonIgnore]
    public IEnumerable<string> AllAddresses => Addresses.Concat(ClientIdentities ?? []).Concat(SipAddresses ?? []);

    // Records compare lists by reference; settings are compared by value.
    public bool Equals(ChannelSettings? other) =>
        other is not null && Addresses.SequenceEqual(other.Addresses) && Equals(StatusTimeouts, other.StatusTimeouts)
        && Ingestion == other.Ingestion
        && (ClientIdentities ?? []).SequenceEqual(other.ClientIdentities ?? [])
        && (SipAddresses ?? []).SequenceEqual(other.SipAddresses ?? []);

    public override int GetHashCode() => HashCode.Combine(Addresses.Count, StatusTimeouts, Ingestion);
}
