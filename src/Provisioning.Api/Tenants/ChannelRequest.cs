namespace Provisioning.Api.Tenants;

/// <summary>One entry of <c>orchestrator.channels</c>: the tenant's addresses on that channel and optional timeouts.</summary>
public sealed record ChannelRequest(IReadOnlyList<string?>? Addresses, StatusTimeoutsRequest? StatusTimeouts);
