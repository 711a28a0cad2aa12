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

    /// <summary>A2 filtered by exact FriendlyName, every page (following next_page_uri).</summary>
    public async Task<IReadOnlyList<TwilioAccount>> FindAccountsAsync(TwilioCredentials parent, string friendlyName, CancellationToken cancellationToken)
    {
        var accounts = new List<TwilioAccount>();
        string? next = "2010-04-01/Accounts.json?PageSize=100&FriendlyName=" + Uri.EscapeDataString(friendlyName);
        while (next is not null)
        {
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

    private static HttpRequestMessage FormRequest(string path, params (string Name, string Value)[] fields) =>
        new(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))),
        };

    private sealed record AccountPage(List<TwilioAccount>? Accounts, string? NextPageUri);
}
