using System.Net;

namespace Provisioning.Api.Infrastructure.Http;

/// <summary>
/// The proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the service believes (the client's address
/// for the failed-authentication limiter, https for HSTS). None by default: without a configured proxy those
/// headers are ignored, since any client could send them.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. ForwardedHeaders__KnownProxies__0=10.0.0.5.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. ForwardedHeaders__KnownNetworks__0=10.0.0.0/24.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public IEnumerable<string> Errors()
    {
        for (var i = 0; i < KnownProxies.Count; i++)
            if (!IPAddress.TryParse(KnownProxies[i], out _))
                yield return $"ForwardedHeaders:KnownProxies:{i} '{KnownProxies[i]}' is not an IP address.";
        for (var i = 0; i < KnownNetworks.Count; i++)
            if (!IPNetwork.TryParse(KnownNetworks[i], out _))
                yield return $"ForwardedHeaders:KnownNetworks:{i} '{KnownNetworks[i]}' is not a network in CIDR notation (e.g. 10.0.0.0/24).";
    }
}
