using System.Net;
using Microsoft.Extensions.Options;
using Provisioning.Api.Webhooks;

namespace Provisioning.UnitTests.Webhooks;

public sealed class OutboundAddressPolicyTests
{
    public static TheoryData<string, string?> Addresses => new()
    {
        // address, kind (null: public)
        { "8.8.8.8", null },
        { "93.184.216.34", null },
        { "172.15.255.255", null },
        { "172.32.0.1", null },
        { "100.63.255.255", null },
        { "100.128.0.1", null },
        { "169.253.255.255", null },
        { "223.255.255.255", null },
        { "0.0.0.0", "unspecified" },
        { "0.1.2.3", "unspecified" },
        { "127.0.0.1", "loopback" },
        { "127.255.255.254", "loopback" },
        { "10.0.0.5", "private" },
        { "172.16.0.1", "private" },
        { "172.31.255.255", "private" },
        { "192.168.1.1", "private" },
        { "100.64.0.1", "shared (CGNAT)" },
        { "100.127.255.255", "shared (CGNAT)" },
        { "169.254.169.254", "link-local" },
        { "224.0.0.1", "multicast" },
        { "239.255.255.250", "multicast" },
        { "240.0.0.1", "reserved" },
        { "255.255.255.255", "reserved" },
        { "2606:4700:4700::1111", null },
        { "::", "unspecified" },
        { "::1", "loopback" },
        { "fe80::1", "link-local" },
        { "febf::1", "link-local" },
        { "fec0::1", "site-local" },
        { "fc00::1", "unique-local" },
        { "fd12:3456:789a::1", "unique-local" },
        { "ff02::1", "multicast" },
        { "::ffff:127.0.0.1", "loopback" },
        { "::ffff:169.254.169.254", "link-local" },
        { "::ffff:10.1.2.3", "private" },
        { "::ffff:8.8.8.8", null },
        { "::127.0.0.1", "IPv4-compatible" },
        { "64:ff9b::a00:1", "private" },
        { "64:ff9b::808:808", null },
    };

    /// <summary>
    /// IANA's special-purpose ranges (RFC 6890 and later) at both ends, each with its public neighbours: none of them
    /// is where a tenant's receiver lives, and several are internal networks in practice (benchmarking, NAT64, 6to4).
    /// </summary>
    public static TheoryData<string, string?> ReservedRanges => new()
    {
        { "191.255.255.255", null },
        { "192.0.0.0", "IETF protocol assignment" },
        { "192.0.0.255", "IETF protocol assignment" },
        { "192.0.1.0", null },
        { "192.0.2.0", "documentation" },
        { "192.0.2.255", "documentation" },
        { "192.0.3.0", null },
        { "192.88.98.255", null },
        { "192.88.99.0", "6to4 relay anycast" },
        { "192.88.99.255", "6to4 relay anycast" },
        { "192.88.100.0", null },
        { "198.17.255.255", null },
        { "198.18.0.0", "benchmarking" },
        { "198.19.255.255", "benchmarking" },
        { "198.20.0.0", null },
        { "198.51.99.255", null },
        { "198.51.100.0", "documentation" },
        { "198.51.100.255", "documentation" },
        { "198.51.101.0", null },
        { "203.0.112.255", null },
        { "203.0.113.0", "documentation" },
        { "203.0.113.255", "documentation" },
        { "203.0.114.0", null },
        { "100.64.0.0", "shared (CGNAT)" },
        { "240.0.0.0", "reserved" },
        { "224.0.0.0", "multicast" },
        { "::ffff:198.18.0.1", "benchmarking" },
        { "::ffff:203.0.113.255", "documentation" },
        // ::ffff:0:a.b.c.d, the IPv4-translated form: judged by its IPv4 address.
        { "::ffff:0:10.0.0.1", "private" },
        { "::ffff:0:127.0.0.1", "loopback" },
        { "::ffff:0:8.8.8.8", null },
        { "::1:0:0:1", "reserved" },
        { "64:ff9b::192.0.2.1", "documentation" },
        { "64:ff9b::198.18.0.1", "benchmarking" },
        { "64:ff9b::7f00:1", "loopback" },
        { "64:ff9b:0:ffff::", "reserved" },
        { "64:ff9b:1::", "local-use NAT64" },
        { "64:ff9b:1:ffff:ffff:ffff:ffff:ffff", "local-use NAT64" },
        { "64:ff9b:2::", "reserved" }, // still in ::/8
        { "100::", "discard-only" },
        { "100::ffff:ffff:ffff:ffff", "discard-only" },
        { "100:0:0:1::", null },
        { "2001::", "Teredo" },
        { "2001:0:ffff:ffff:ffff:ffff:ffff:ffff", "Teredo" },
        { "2001:2::", "benchmarking" },
        { "2001:2:0:ffff:ffff:ffff:ffff:ffff", "benchmarking" },
        { "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", null },
        { "2001:db8::", "documentation" },
        { "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "documentation" },
        { "2001:db9::", null },
        { "3fff::", "documentation" },
        { "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff", "documentation" },
        { "3fff:1000::", null },
        // 6to4: the IPv4 address in bits 16-47 is what a relay connects to.
        { "2002:a00:1::1", "private" },
        { "2002:a9fe:a9fe::1", "link-local" },
        { "2002:808:808::1", null },
        { "fc00::", "unique-local" },
        { "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "unique-local" },
        { "fe80::", "link-local" },
        { "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "link-local" },
        { "ff00::", "multicast" },
    };

    [Theory]
    [MemberData(nameof(Addresses))]
    [MemberData(nameof(ReservedRanges))]
    public void Classifies_addresses(string address, string? kind) =>
        Assert.Equal(kind, OutboundAddressPolicy.NonPublicKind(IPAddress.Parse(address)));

    [Theory]
    [InlineData("https://isv.example/hooks", null)]
    [InlineData("https://localhost/", "loopback")]
    [InlineData("https://LOCALHOST./", "loopback")]
    [InlineData("https://api.localhost:8443/", "loopback")]
    [InlineData("https://localhost.example/", null)]
    [InlineData("https://127.0.0.1/", "loopback")]
    [InlineData("https://2130706433/", "loopback")]   // decimal form of 127.0.0.1
    [InlineData("https://0x7f.1/", "loopback")]
    [InlineData("https://[::ffff:7f00:1]/", "loopback")]
    [InlineData("https://[fe80::1%25eth0]/", "link-local")]
    [InlineData("https://0/", "unspecified")]
    [InlineData("https://198.18.0.1/", "benchmarking")]
    [InlineData("https://[2001:db8::1]/", "documentation")]
    public void Classifies_literal_url_hosts_and_leaves_names_to_the_connection(string url, string? kind) =>
        Assert.Equal(kind, OutboundAddressPolicy.NonPublicHostKind(new Uri(url)));

    [Theory]
    [InlineData("https://isv.example/hooks", null)]
    [InlineData("https://93.184.216.34/hooks", null)]
    [InlineData("http://isv.example/hooks", "must be an https URL")]
    [InlineData("ftp://isv.example/hooks", "must be an absolute http or https URL")]
    [InlineData("/hooks", "must be an absolute http or https URL")]
    [InlineData("not a url", "must be an absolute http or https URL")]
    [InlineData("https://169.254.169.254/latest/meta-data", "must not point at a link-local address (169.254.169.254)")]
    [InlineData("https://[::1]/", "must not point at a loopback address ([::1])")]
    [InlineData("https://localhost/", "must not point at a loopback address (localhost)")]
    public void Refuses_urls_by_scheme_and_literal_host(string url, string? refusal) =>
        Assert.Equal(refusal, Policy(new WebhookOptions()).RefusalOf(url, checkAllowedHosts: true));

    [Fact]
    public void Http_is_accepted_only_when_allowed()
    {
        var policy = Policy(new WebhookOptions { AllowHttp = true });

        Assert.Null(policy.RefusalOf("http://isv.example/hooks", checkAllowedHosts: true));
        Assert.NotNull(policy.RefusalOf("http://10.0.0.5/hooks", checkAllowedHosts: true));
    }

    [Fact]
    public void Allowing_private_networks_lifts_the_address_check_but_not_the_scheme()
    {
        var policy = Policy(new WebhookOptions { AllowPrivateNetworks = true });

        Assert.Null(policy.RefusalOf("https://127.0.0.1:5080/_emulator/reset", checkAllowedHosts: true));
        Assert.Null(policy.RefusalOf(IPAddress.Parse("169.254.169.254")));
        Assert.Equal("must be an https URL", policy.RefusalOf("http://127.0.0.1/", checkAllowedHosts: true));
    }

    [Fact]
    public void Allowed_hosts_restrict_callback_urls_but_not_status_callbacks()
    {
        var policy = Policy(new WebhookOptions { AllowedHosts = ["hooks.isv.example"] });

        Assert.Null(policy.RefusalOf("https://HOOKS.isv.example/events", checkAllowedHosts: true));
        Assert.Equal("must have one of the allowed host names (hooks.isv.example)", policy.RefusalOf("https://other.example/events", checkAllowedHosts: true));
        Assert.Null(policy.RefusalOf("https://other.example/status", checkAllowedHosts: false));
        // Being listed does not make a private address acceptable.
        Assert.NotNull(Policy(new WebhookOptions { AllowedHosts = ["10.0.0.5"] }).RefusalOf("https://10.0.0.5/", checkAllowedHosts: true));
    }

    [Fact]
    public void Connections_are_refused_to_non_public_addresses()
    {
        var policy = Policy(new WebhookOptions());

        Assert.Equal("loopback", policy.RefusalOf(IPAddress.Loopback));
        Assert.Equal("loopback", policy.RefusalOf(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.Null(policy.RefusalOf(IPAddress.Parse("8.8.8.8")));
    }

    internal static OutboundAddressPolicy Policy(WebhookOptions options) => new(Options.Create(options));
}
