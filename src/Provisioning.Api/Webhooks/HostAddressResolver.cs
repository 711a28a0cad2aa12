using System.Net;

namespace Provisioning.Api.Webhooks;

/// <summary>
/// The DNS lookup behind every connection to a tenant's callback URL (<see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>);
/// a seam so that tests can make a name resolve to the address they need.
/// </summary>
public delegate Task<IPAddress[]> HostAddressResolver(string host, CancellationToken cancellationToken);
