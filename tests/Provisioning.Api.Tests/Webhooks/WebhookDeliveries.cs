using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Webhooks;

/// <summary>Signing up a tenant with a callback URL, and reading its deliveries the way an admin does.</summary>
internal static class WebhookDeliveries
{
    public static async Task SignUpAsync(ProvisioningStack stack, string clientId, string callbackUrl)
    {
        using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId, callbackUrl });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>The tenant's delivery to <paramref name="url"/> once it has been attempted (or fails the test).</summary>
    public static async Task<JsonElement> WaitForAttemptAsync(ProvisioningStack stack, string clientId, string url)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var deliveries = await stack.Admin.GetFromJsonAsync<JsonElement>($"/v1/tenants/{clientId}/webhooks");
            foreach (var delivery in deliveries.GetProperty("items").EnumerateArray())
                if (delivery.GetProperty("url").GetString() == url && delivery.GetProperty("attempts").GetInt32() > 0)
                    return delivery;
            await Task.Delay(100);
        }
        throw new TimeoutException($"No attempt to deliver {clientId}'s webhook to {url}.");
    }
}
