using System.Net;
using System.Text;
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

    [Fact]
    public async Task A_listing_whose_pages_never_end_stops_after_MaxPages_with_a_clear_error()
    {
        var asked = 0;
        var client = new AccountsClient(new HttpClient(new Answering(_ =>
            $$"""{"keys":[],"next_page_uri":"/2010-04-01/Accounts/AC1/Keys.json?PageSize=100&Page={{Interlocked.Increment(ref asked)}}"}""")) { BaseAddress = Base });

        var error = await Assert.ThrowsAsync<TwilioApiException>(() => client.ListApiKeysAsync(Parent, "AC1", CancellationToken.None));

        Assert.Contains($"past {TwilioPageTrail.MaxPages} pages", error.Message, StringComparison.Ordinal);
        Assert.Equal(TwilioPageTrail.MaxPages, asked);
    }

    [Fact]
    public async Task A_token_listing_that_hands_back_an_earlier_token_stops_at_the_repeat()
    {
        var asked = 0;
        // Page tokens a, b, a, b, …: the third request would read page a again.
        var client = new MemoryClient(new HttpClient(new Answering(_ =>
        {
            var token = Interlocked.Increment(ref asked) % 2 == 1 ? "a" : "b";
            return $$$"""{"stores":["mem_store_{{{asked}}}"],"meta":{"key":"stores","pageSize":1,"nextToken":"{{{token}}}"}}""";
        })) { BaseAddress = Base });

        var error = await Assert.ThrowsAsync<TwilioApiException>(() => client.ListAllStoreIdsAsync(Parent, CancellationToken.None));

        Assert.Contains("leads back to a page already read (a)", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, asked);
    }

    private static readonly TwilioCredentials Parent = new("AC00000000000000000000000000000000", "AC00000000000000000000000000000000", "parent-token");

    /// <summary>Answers every request 200 with <c>body</c>.</summary>
    private sealed class Answering(Func<HttpRequestMessage, string> body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body(request), Encoding.UTF8, "application/json") });
    }
}
