using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Gateway;

/// <summary>What an ISV's runtime does with the gateway: get a tenant token from the control plane, then call with it.</summary>
public static class GatewayClients
{
    public static async Task<string> TokenAsync(this ProvisioningStack stack, string clientId, params string[] scopes)
    {
        using var response = await stack.ControlPlane.PostAsJsonAsync($"/v1/tenants/{clientId}/access-tokens", new { scopes });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>A client that authenticates with the tenant token only (no API key).</summary>
    public static HttpClient WithToken(this ProvisioningStack stack, string token)
    {
        var client = stack.CreateClient(apiKey: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<TenantView> ReadyTenantAsync(this ProvisioningStack stack, string clientId)
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId });
        return await stack.WaitForStatusAsync(clientId, Provisioning.Api.Tenants.TenantStatus.Ready);
    }

    /// <summary>Text as a JWT part (base64url without padding).</summary>
    public static string EncodeBase64Url(string value) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A JWT part as bytes (base64url without padding).</summary>
    public static byte[] DecodeBase64Url(string value) =>
        Convert.FromBase64String(value.Replace('-', '+').Replace('_', '/').PadRight(value.Length + (4 - value.Length % 4) % 4, '='));
}
