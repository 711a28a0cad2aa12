namespace Provisioning.Api.Tenants;

/// <summary>
/// One channel of a tenant's configuration: the tenant's own addresses (E.164 numbers) on that channel, from
/// which the service generates the capture rules (L5), and optional status timeouts in minutes.
/// </summary>
public sealed record ChannelSettings(IReadOnlyList<string> Addresses, StatusTimeouts? StatusTimeouts = null)
{
    // Records compare lists by reference; settings are compared by value.
    public bool Equals(ChannelSettings? other) =>
        other is not null && Addresses.SequenceEqual(other.Addresses) && Equals(StatusTimeouts, other.StatusTimeouts);

    public override int GetHashCode() => HashCode.Combine(Addresses.Count, StatusTimeouts);
}
