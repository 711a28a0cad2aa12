using System.Text.Json;

namespace Provisioning.Api.Twilio;

/// <summary>API v2010 accounts and keys (contract §4): form-encoded requests, snake_case responses.</summary>
public sealed class AccountsClient(HttpClient http) : TwilioHttpClient(http)
{
    private static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>A1. Creates a subaccount of the account whose credentials call. FriendlyName is not unique at Twilio.</summary>
    public async Task<TwilioAccount> CreateSubaccountAsync(TwilioCredentials parent, string friendlyName, CancellationToken cancellationToken)
    {
        var request = FormRequest("2010-04-01/Accounts.json", ("FriendlyName", friendlyName));
        return (await SendAsync<TwilioAccount>(request, parent, SnakeCase, cancellationToken)).Body;
    }

    /// <summary>A2 filtered by exact FriendlyName (and <paramref name="status"/>, when given), every page (following next_page_uri).</summary>
    public async Task<IReadOnlyList<TwilioAccount>> FindAccountsAsync(TwilioCredentials parent, string friendlyName, string? status, CancellationToken cancellationToken)
    {
        var accounts = new List<TwilioAccount>();
        string? next = "2010-04-01/Accounts.json?PageSize=100&FriendlyName=" + Uri.EscapeDataString(friendlyName)
                       + (status is null ? "" : "&Status=" + Uri.EscapeDataString(status));
        var trail = new TwilioPageTrail("accounts");
        while (next is not null)
        {
            trail.Visit(next);
            var page = (await SendAsync<AccountPage>(new HttpRequestMessage(HttpMethod.Get, next), parent, SnakeCase, cancellationToken)).Body;
            accounts.AddRange(page.Accounts ?? []);
            next = TwilioPaging.NextPagePath(page.NextPageUri, BaseAddress);
        }
        return accounts;
    }

    /// <summary>A3.</summary>
    public async Task<TwilioAccount?> FetchAccountAsync(TwilioCredentials parent, string accountSid, CancellationToken cancellationToken)
    {
        try
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"2010-04-01/Accounts/{Uri.EscapeDataString(accountSid)}.json");
            return (await SendAsync<TwilioAccount>(request, parent, SnakeCase, cancellationToken)).Body;
        }
        catch (TwilioApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>A5. The secret is in this answer only: store it before anything else.</summary>
    public async Task<TwilioApiKey> CreateApiKeyAsync(TwilioCredentials parent, string accountSid, string friendlyName, CancellationToken cancellationToken)
    {
        var request = FormRequest($"2010-04-01/Accounts/{Uri.EscapeDataString(accountSid)}/Keys.json", ("FriendlyName", friendlyName));
        return (await SendAsync<TwilioApiKey>(request, parent, SnakeCase, cancellationToken)).Body;
    }

    /// <summary>A4 with <c>Status=closed</c>: final (contract §8); Twilio deletes a closed subaccount 30 days later (§9).</summary>
    public async Task<TwilioAccount> CloseSubaccountAsync(TwilioCredentials parent, string accountSid, CancellationToken cancellationToken)
    {
        var request = FormRequest($"2010-04-01/Accounts/{Uri.EscapeDataString(accountSid)}.json", ("Status", "closed"));
        return (await SendAsync<TwilioAccount>(request, parent, SnakeCase, cancellationToken)).Body;
    }

    /// <summary>The account's API keys, every page; the list never carries secrets.</summary>
    public async Task<IReadOnlyList<TwilioApiKey>> ListApiKeysAsync(TwilioCredentials parent, string accountSid, CancellationToken cancellationToken)
    {
        var keys = new List<TwilioApiKey>();
        string? next = $"2010-04-01/Accounts/{Uri.EscapeDataString(accountSid)}/Keys.json?PageSize=100";
        var trail = new TwilioPageTrail($"the API keys of {accountSid}");
        while (next is not null)
        {
            trail.Visit(next);
            var page = (await SendAsync<KeyPage>(new HttpRequestMessage(HttpMethod.Get, next), parent, SnakeCase, cancellationToken)).Body;
            keys.AddRange(page.Keys ?? []);
            next = TwilioPaging.NextPagePath(page.NextPageUri, BaseAddress);
        }
        return keys;
    }

    /// <summary>Deletes an API key; a key that is already gone (404) counts as deleted.</summary>
    public async Task DeleteApiKeyAsync(TwilioCredentials parent, string accountSid, string keySid, CancellationToken cancellationToken)
    {
        try
        {
            var path = $"2010-04-01/Accounts/{Uri.EscapeDataString(accountSid)}/Keys/{Uri.EscapeDataString(keySid)}.json";
            await SendAsync(new HttpRequestMessage(HttpMethod.Delete, path), parent, cancellationToken);
        }
        catch (TwilioApiException e) when (e.IsNotFound)
        {
        }
    }

    private static HttpRequestMessage FormRequest(string path, params (string Name, string Value)[] fields) =>
        new(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))),
        };

    private sealed record AccountPage(List<TwilioAccount>? Accounts, string? NextPageUri);

    private sealed record KeyPage(List<TwilioApiKey>? Keys, string? NextPageUri);
}
