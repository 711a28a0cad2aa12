using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>One API key cannot create tenants (and with them subaccounts) without bound, and a quota caps the deployment.</summary>
public sealed class RateLimitTests(RateLimitTests.LimitedStack stack) : IClassFixture<RateLimitTests.LimitedStack>
{
    public sealed class LimitedStack() : ProvisioningStack(
        ("RateLimits:SignupsPerMinute", "3"),
        ("Provisioning:MaxTenants", "5"));

    [Fact]
    public async Task Signups_past_the_per_key_limit_are_429s_with_retry_after_and_the_quota_is_a_409()
    {
        var answers = new List<HttpResponseMessage>();
        for (var i = 1; i <= 4; i++)
            answers.Add(await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = $"limited-{i}" }));

        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        var refused = answers[3];
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(3, await CountTenantsAsync());

        // Another key has its own window; the quota of 5 live tenants then holds for everyone.
        for (var i = 5; i <= 6; i++)
            using (var accepted = await stack.Admin.PostAsJsonAsync("/v1/tenants", new { clientId = $"limited-{i}" }))
                Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        using var overQuota = await stack.Admin.PostAsJsonAsync("/v1/tenants", new { clientId = "limited-7" });
        Assert.Equal(HttpStatusCode.Conflict, overQuota.StatusCode);
        Assert.Contains("MaxTenants", (await overQuota.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(5, await CountTenantsAsync());
        foreach (var answer in answers) answer.Dispose();
    }

    private async Task<long> CountTenantsAsync()
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM tenants", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
