namespace Provisioning.Api.Tenants;

/// <summary>
/// One entry of <c>orchestrator.channels</c>: the tenant's addresses on that channel and optional timeouts. VOICE also
/// takes <see cref="Ingestion"/> (<c>active</c>, the default, or <c>passive</c>) and, for passive capture only, the
/// Voice SDK identities (<see cref="ClientIdentities"/>, captured with <c>callType: CLIENT</c>) and SIP addresses
/// (<see cref="SipAddresses"/>, captured with <c>callType: PUBLIC_SIP</c>) whose calls are the tenant's.
/// </summary>
public sealed record ChannelRequest(
    IReadOnlyList<string?>? Addresses,
    StatusTimeoutsRequest? StatusTimeouts,
    string? Ingestion = null,
    IReadOnlyList<string?>? ClientIdentities = null,
    IReadOnlyList<string?>? SipAddresses = null);
