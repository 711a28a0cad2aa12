using Provisioning.Api.Twilio;

namespace Provisioning.UnitTests.Twilio;

public sealed class TwilioPagingTests
{
    private static readonly Uri Base = new("https://api.twilio.com/");

    [Theory]
    [InlineData("/2010-04-01/Accounts.json?Page=1&PageToken=PA1", "2010-04-01/Accounts.json?Page=1&PageToken=PA1")]
    [InlineData("https://api.twilio.com/2010-04-01/Accounts.json?Page=2", "2010-04-01/Accounts.json?Page=2")]
    [InlineData(null, null)]
    public void A_next_page_on_the_configured_host_is_followed(string? next, string? expected) =>
        Assert.Equal(expected, TwilioPaging.NextPagePath(next, Base));

    [Theory]
    [InlineData("https://attacker.example/2010-04-01/Accounts.json")]
    [InlineData("//attacker.example/2010-04-01/Accounts.json")]
    [InlineData("http://api.twilio.com:8080/2010-04-01/Accounts.json")]
    public void A_next_page_on_another_host_is_refused_not_sent_our_credentials(string next) =>
        Assert.Throws<TwilioApiException>(() => TwilioPaging.NextPagePath(next, Base));
}
