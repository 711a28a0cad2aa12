using System.Net;
using System.Text;
using System.Text.Json;
using Provisioning.Api.Twilio;

namespace Provisioning.UnitTests.Twilio;

/// <summary>
/// The service acts in subaccounts with API keys of its own, so the account records it reads (A1–A4 answers carry
/// the account's auth token) must not keep the token anywhere: not in a property, not in a log line.
/// </summary>
public sealed class AccountsClientTests
{
    private const string AuthToken = "0123456789abcdef0123456789abcdef";
    private const string SubaccountSid = "AC11111111111111111111111111111111";
    private static readonly TwilioCredentials Parent = new("AC00000000000000000000000000000000", "AC00000000000000000000000000000000", "parent-token");

    private static readonly string Account = $$"""
        {"sid":"{{SubaccountSid}}","auth_token":"{{AuthToken}}","friendly_name":"provisioning-pool-0001","owner_account_sid":"{{Parent.AccountSid}}","status":"active","type":"Full"}
        """;

    [Fact]
    public async Task Account_answers_are_read_without_their_auth_token()
    {
        var client = new AccountsClient(new HttpClient(new Answering(request => request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.EndsWith("Accounts.json", StringComparison.Ordinal)
            ? $$"""{"accounts":[{{Account}}],"next_page_uri":null}"""
            : Account)) { BaseAddress = new Uri("https://api.twilio.com/") });

        var accounts = new[]
        {
            await client.CreateSubaccountAsync(Parent, "provisioning-pool-0001", CancellationToken.None),
            (await client.FetchAccountAsync(Parent, SubaccountSid, CancellationToken.None))!,
            (await client.FindAccountsAsync(Parent, "provisioning-pool-0001", "active", CancellationToken.None)).Single(),
            await client.CloseSubaccountAsync(Parent, SubaccountSid, CancellationToken.None),
        };

        foreach (var account in accounts)
        {
            Assert.Equal(SubaccountSid, account.Sid);
            Assert.DoesNotContain(typeof(TwilioAccount).GetProperties(), p => p.GetValue(account) is string value && value.Contains(AuthToken, StringComparison.Ordinal));
            Assert.DoesNotContain(AuthToken, JsonSerializer.Serialize(account), StringComparison.Ordinal);
            Assert.DoesNotContain(AuthToken, account.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_key_that_is_already_gone_counts_as_deleted()
    {
        var client = new AccountsClient(new HttpClient(new Answering(_ => null)) { BaseAddress = new Uri("https://api.twilio.com/") });

        await client.DeleteApiKeyAsync(Parent, SubaccountSid, "SK11111111111111111111111111111111", CancellationToken.None);
    }

    /// <summary>Answers every request with <c>body</c> (200), or 404 when it gives none.</summary>
    private sealed class Answering(Func<HttpRequestMessage, string?> body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(body(request) is { } json
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") }
                : new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("""{"code":20404,"message":"not found","status":404}""", Encoding.UTF8, "application/json") });
    }
}
