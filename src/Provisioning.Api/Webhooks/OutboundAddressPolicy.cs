using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Provisioning.Api.Webhooks;

/// <summary>
/// Where the service may call on a tenant's behalf. A ControlPlane key chooses the tenant's <c>callbackUrl</c> (we POST
/// its lifecycle events there) and its status callbacks (Twilio calls those): unchecked, any key could make the service
/// reach its own network, such as loopback ports, the cloud metadata endpoint at 169.254.169.254 or private hosts. The
/// same rules judge a URL's literal host at signup and every address a host name resolves to at connect time
/// (<see cref="OutboundConnector"/>), so a name that resolves somewhere else later gains nothing.
/// </summary>
public sealed class OutboundAddressPolicy(IOptions<WebhookOptions> options)
{
    /// <summary>
    /// Why the service must not call <paramref name="url"/> for a tenant, as the end of a sentence ("must be an https
    /// URL"), or null when it may. <paramref name="checkAllowedHosts"/>: the URL is one we call (Webhooks:AllowedHosts).
    /// </summary>
    public string? RefusalOf(string url, bool checkAllowedHosts)
    {
        var settings = options.Value;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return "must be an absolute http or https URL";
        if (uri.Scheme == Uri.UriSchemeHttp && !settings.AllowHttp)
            return "must be an https URL";
        if (checkAllowedHosts && settings.AllowedHosts.Length > 0
            && !settings.AllowedHosts.Contains(uri.IdnHost.TrimEnd('.'), StringComparer.OrdinalIgnoreCase))
            return $"must have one of the allowed host names ({string.Join(", ", settings.AllowedHosts)})";
        if (!settings.AllowPrivateNetworks && NonPublicHostKind(uri) is { } kind)
            return $"must not point at a {kind} address ({uri.Host})";
        return null;
    }

    /// <summary>What kind of non-public address a connection would go to ("loopback", "private", …), or null when allowed.</summary>
    public string? RefusalOf(IPAddress address) => options.Value.AllowPrivateNetworks ? null : NonPublicKind(address);

    /// <summary>
    /// The kind of a URL's host when it is literally non-public (an IP address, <c>localhost</c>), else null: a host
    /// name is judged by what it resolves to, when the connection is made.
    /// </summary>
    public static string? NonPublicHostKind(Uri uri)
    {
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
            return NonPublicKind(IPAddress.Parse(uri.Host.Trim('[', ']')));
        // RFC 6761: localhost and every name under it are loopback, whatever a resolver says.
        var host = uri.IdnHost.TrimEnd('.');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            ? "loopback"
            : null;
    }

    /// <summary>The kind of a non-public address (loopback, private, link-local, …), or null for a public one.</summary>
    public static string? NonPublicKind(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork) return NonPublicIPv4Kind(address);
        if (address.IsIPv4MappedToIPv6) return NonPublicIPv4Kind(address.MapToIPv4());

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return bytes switch
        {
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] => "unspecified",
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] => "loopback",
            // ::a.b.c.d, deprecated IPv4-compatible form: nothing public is reached this way.
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ..] => "IPv4-compatible",
            // ::ffff:0:a.b.c.d (RFC 2765's IPv4-translated form): a translator would connect to the IPv4 address.
            [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, ..] => NonPublicIPv4Kind(new IPAddress(bytes[12..])),
            // 64:ff9b::/96, NAT64: the IPv4 address a gateway would connect to.
            [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, ..] => NonPublicIPv4Kind(new IPAddress(bytes[12..])),
            // 64:ff9b:1::/48 (RFC 8215): NAT64 prefixes of a local network, translated to whatever that network holds.
            [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01, ..] => "local-use NAT64",
            // The rest of ::/8 is reserved by the IETF; nothing is deployed there.
            [0, ..] => "reserved",
            // 100::/64 (RFC 6666): discarded by design.
            [0x01, 0x00, 0, 0, 0, 0, 0, 0, ..] => "discard-only",
            // 2001::/32 Teredo tunnels the packet to an IPv4 address obfuscated in the address itself.
            [0x20, 0x01, 0x00, 0x00, ..] => "Teredo",
            // 2001:2::/48 (RFC 5180): benchmarking networks.
            [0x20, 0x01, 0x00, 0x02, 0x00, 0x00, ..] => "benchmarking",
            // 2001:db8::/32 (RFC 3849) and 3fff::/20 (RFC 9637): documentation, never routed.
            [0x20, 0x01, 0x0d, 0xb8, ..] or [0x3f, 0xff, < 0x10, ..] => "documentation",
            // 2002::/16, 6to4: a relay would connect to the IPv4 address in bits 16-47.
            [0x20, 0x02, ..] => NonPublicIPv4Kind(new IPAddress(bytes[2..6])),
            [0xfe, >= 0x80 and <= 0xbf, ..] => "link-local",
            [0xfe, >= 0xc0, ..] => "site-local",
            [0xfc or 0xfd, ..] => "unique-local",
            [0xff, ..] => "multicast",
            _ => null,
        };
    }

    private static string? NonPublicIPv4Kind(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return bytes switch
        {
            // 0.0.0.0/8: "this network"; Linux connects 0.0.0.0 to the local host.
            [0, ..] => "unspecified",
            [127, ..] => "loopback",
            [10, ..] or [172, >= 16 and <= 31, ..] or [192, 168, ..] => "private",
            [100, >= 64 and <= 127, ..] => "shared (CGNAT)",
            [169, 254, ..] => "link-local",
            // 192.0.0.0/24: IETF protocol assignments (DS-Lite, NAT64 discovery, …), not hosts of the internet.
            [192, 0, 0, _] => "IETF protocol assignment",
            // RFC 5737's TEST-NETs: documentation, never routed.
            [192, 0, 2, _] or [198, 51, 100, _] or [203, 0, 113, _] => "documentation",
            // 192.88.99.0/24: the deprecated 6to4 relay anycast (RFC 7526).
            [192, 88, 99, _] => "6to4 relay anycast",
            // 198.18.0.0/15 (RFC 2544): benchmarking networks, often a lab's internal range.
            [198, 18 or 19, ..] => "benchmarking",
            [>= 224 and <= 239, ..] => "multicast",
            [>= 240, ..] => "reserved",
            _ => null,
        };
    }
}
