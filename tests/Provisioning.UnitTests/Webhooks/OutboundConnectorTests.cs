using System.Net;
using Provisioning.Api.Webhooks;

namespace Provisioning.UnitTests.Webhooks;

/// <summary>The webhook client's ConnectCallback, with a resolver that answers what a rebinding DNS server would.</summary>
public sealed class OutboundConnectorTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("10.0.0.5")]
    [InlineData("::1")]
    [InlineData("::ffff:192.168.0.1")]
    public async Task A_name_resolving_to_a_private_address_is_refused_before_any_connection(string address)
    {
        var lookups = new List<string>();
        using var client = ClientResolvingTo(lookups, new WebhookOptions { AllowHttp = true }, IPAddress.Parse(address));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync("http://rebound.test:8080/hooks", null));

        var refused = Assert.IsType<OutboundAddressRefusedException>(error.InnerException);
        Assert.Contains($"rebound.test: it resolves to {IPAddress.Parse(address)}", refused.Message);
        Assert.Equal(["rebound.test"], lookups);
    }

    [Fact]
    public async Task A_name_resolving_to_a_public_and_a_private_address_is_refused()
    {
        using var client = ClientResolvingTo([], new WebhookOptions(), IPAddress.Parse("93.184.216.34"), IPAddress.Parse("127.0.0.1"));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync("https://mixed.test/hooks", null));

        Assert.Contains("127.0.0.1, a loopback address", Assert.IsType<OutboundAddressRefusedException>(error.InnerException).Message);
    }

    [Fact]
    public async Task A_literal_address_is_checked_without_a_lookup()
    {
        var lookups = new List<string>();
        using var client = ClientResolvingTo(lookups, new WebhookOptions(), IPAddress.Parse("8.8.8.8"));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync("https://[::ffff:169.254.169.254]/latest", null));

        Assert.IsType<OutboundAddressRefusedException>(error.InnerException);
        Assert.Empty(lookups);
    }

    private static HttpClient ClientResolvingTo(List<string> lookups, WebhookOptions options, params IPAddress[] addresses)
    {
        var connector = new OutboundConnector(OutboundAddressPolicyTests.Policy(options), (host, _) =>
        {
            lookups.Add(host);
            return Task.FromResult(addresses);
        });
        return new HttpClient(new SocketsHttpHandler { ConnectCallback = connector.ConnectAsync, UseProxy = false });
    }
}
