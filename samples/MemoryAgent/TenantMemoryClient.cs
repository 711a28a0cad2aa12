using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MemoryAgent;

/// <summary>
/// One client's memory, through the Provisioning service's gateway, with nothing but a short-lived tenant token:
/// the paths are Twilio's Memory data plane (contract §11) under <c>/v1/tenants/{clientId}/memory/</c>.
/// </summary>
public sealed class TenantMemoryClient(HttpClient http, string clientId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private string Base => $"/v1/tenants/{clientId}/memory";

    /// <summary>Asks the control plane (an API key the runtime never needs to hold) for a token for one client.</summary>
    public static async Task<string> GetTokenAsync(HttpClient controlPlane, string clientId, CancellationToken cancellationToken)
    {
        using var response = await controlPlane.PostAsJsonAsync($"/v1/tenants/{clientId}/access-tokens",
            new { scopes = new[] { "memory:read", "memory:write" }, ttlSeconds = 900 }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("token").GetString()!;
    }

    public static TenantMemoryClient WithToken(Uri gateway, string clientId, string token) =>
        WithTokenOver(new HttpClient { BaseAddress = gateway, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) } }, clientId);

    /// <summary>Over an HttpClient that already sends the tenant token (and has the service as its base address).</summary>
    public static TenantMemoryClient WithTokenOver(HttpClient authenticated, string clientId) => new(authenticated, clientId);

    /// <summary>The profiles that hold this phone number (Twilio normalises it first).</summary>
    public async Task<IReadOnlyList<string>> LookupByPhoneAsync(string phone, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"{Base}/Profiles/Lookup", new { idType = "phone", value = phone }, Json, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.GetProperty("profiles").EnumerateArray().Select(p => p.GetString()!).ToList();
    }

    /// <summary>A new profile with the caller's phone in the Contact trait group; Twilio answers 202 with its id.</summary>
    /// <remarks>Trait group names are Twilio's as written ("Contact"), so they are dictionary keys: the camelCase policy would rename a property.</remarks>
    public async Task<string> CreateProfileAsync(string phone, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"{Base}/Profiles", new { traits = new Dictionary<string, object> { ["Contact"] = new { phone } } }, Json, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString()!;
    }

    public async Task AddObservationAsync(string profileId, string content, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"{Base}/Profiles/{profileId}/Observations",
            new { observations = new[] { new { content, source = "memory-agent-sample", occurredAt = DateTimeOffset.UtcNow } } }, Json, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The observations most relevant to <paramref name="query"/>, best first.</summary>
    public async Task<IReadOnlyList<string>> RecallAsync(string profileId, string query, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"{Base}/Profiles/{profileId}/Recall", new { query, observationsLimit = 5 }, Json, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
            throw new HttpRequestException($"Rate limited; retry after {response.Headers.RetryAfter}.", null, response.StatusCode);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.GetProperty("observations").EnumerateArray().Select(o => o.GetProperty("content").GetString()!).ToList();
    }
}
