using System.Net;
using System.Net.Http.Json;
using System.Text;
using Provisioning.Api.Tests.Gateway;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>
/// Settings changes (each one a configuration PUT at Twilio) and token issuance have a per-key budget a minute, at the
/// shipped defaults: past it one key gets 429s with Retry-After while another key is served.
/// </summary>
public sealed class ControlPlaneRateLimitTests(ControlPlaneRateLimitTests.TwoControlPlaneKeysStack stack) : IClassFixture<ControlPlaneRateLimitTests.TwoControlPlaneKeysStack>
{
    private const string OtherKey = "test-control-plane-key-2";

    /// <summary>Every limit at its default; only a second control-plane key is added.</summary>
    public sealed class TwoControlPlaneKeysStack() : ProvisioningStack(
        ("Auth:ApiKeys:2:Name", "test-control-plane-2"), ("Auth:ApiKeys:2:Role", "ControlPlane"), ("Auth:ApiKeys:2:Sha256", Sha256Hex(OtherKey)));

    [Fact]
    public async Task The_121st_settings_change_of_a_key_in_a_minute_is_a_429_and_another_key_is_served()
    {
        await stack.ReadyTenantAsync("patched-1");

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 121; i++)
            using (var response = await PatchAsync(stack.ControlPlane))
            {
                answers.Add(response.StatusCode);
                if (i == 120) await AssertRefusedAsync(response);
            }
        using var other = stack.CreateClient(OtherKey);
        using var fromOtherKey = await PatchAsync(other);

        Assert.All(answers.Take(120), a => Assert.True(a is HttpStatusCode.Accepted or HttpStatusCode.OK, a.ToString()));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[120]);
        Assert.Equal(HttpStatusCode.OK, fromOtherKey.StatusCode);
    }

    [Fact]
    public async Task The_1201st_token_of_a_key_in_a_minute_is_a_429_and_another_key_is_served()
    {
        await stack.ReadyTenantAsync("tokens-1");

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 1201; i++)
            using (var response = await IssueAsync(stack.ControlPlane))
            {
                answers.Add(response.StatusCode);
                if (i == 1200) await AssertRefusedAsync(response);
            }
        using var other = stack.CreateClient(OtherKey);
        using var fromOtherKey = await IssueAsync(other);

        Assert.All(answers.Take(1200), a => Assert.Equal(HttpStatusCode.Created, a));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[1200]);
        Assert.Equal(HttpStatusCode.Created, fromOtherKey.StatusCode);
    }

    private static Task<HttpResponseMessage> PatchAsync(HttpClient client) =>
        client.PatchAsync("/v1/tenants/patched-1", new StringContent("""{"displayName":"Patched"}""", Encoding.UTF8, "application/merge-patch+json"));

    private static Task<HttpResponseMessage> IssueAsync(HttpClient client) =>
        client.PostAsJsonAsync("/v1/tenants/tokens-1/access-tokens", new { scopes = new[] { "memory:read" } });

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, await response.Content.ReadAsStringAsync());
    }
}
