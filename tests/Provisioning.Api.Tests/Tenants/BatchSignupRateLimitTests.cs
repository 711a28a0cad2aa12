using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>
/// A batch draws one signup permit per item from the same per-key budget as single signups, all or nothing: a batch
/// cannot be used to sign up more clients a minute than <c>RateLimits:SignupsPerMinute</c> allows.
/// </summary>
public sealed class BatchSignupRateLimitTests(BatchSignupRateLimitTests.TwentyPerMinuteStack stack) : IClassFixture<BatchSignupRateLimitTests.TwentyPerMinuteStack>
{
    /// <summary>The setting of the finding: 20 signups a minute per key.</summary>
    public sealed class TwentyPerMinuteStack() : ProvisioningStack(("RateLimits:SignupsPerMinute", "20"));

    [Fact]
    public async Task A_batch_of_200_with_20_signups_a_minute_is_a_429_with_Retry_After_and_writes_nothing()
    {
        var items = Enumerable.Range(0, 200).Select(i => (object)new { clientId = $"big-batch-{i:D3}" }).ToArray();

        using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants:batch", new { tenants = items });

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("SignupsPerMinute", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await stack.CountAsync("SELECT count(*) FROM tenants WHERE client_id LIKE 'big-batch-%'"));
    }

    [Fact]
    public async Task Batches_and_single_signups_share_one_budget_per_key()
    {
        // The admin key's budget: this class's other test spends none of it.
        using var first = await stack.Admin.PostAsJsonAsync("/v1/tenants:batch", new { tenants = Batch("shared-a", 15) });
        using var tooMany = await stack.Admin.PostAsJsonAsync("/v1/tenants:batch", new { tenants = Batch("shared-b", 6) });
        var singles = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
            using (var single = await stack.Admin.PostAsJsonAsync("/v1/tenants", new { clientId = $"shared-c-{i}" }))
                singles.Add(single.StatusCode);

        Assert.Equal(HttpStatusCode.MultiStatus, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, tooMany.StatusCode);
        Assert.Equal(0, await stack.CountAsync("SELECT count(*) FROM tenants WHERE client_id LIKE 'shared-b-%'"));
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Accepted, 5).Append(HttpStatusCode.TooManyRequests), singles);
        // The other key has its own budget.
        using var other = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants:batch", new { tenants = Batch("other-key", 20) });
        Assert.Equal(HttpStatusCode.MultiStatus, other.StatusCode);
    }

    private static object[] Batch(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => (object)new { clientId = $"{prefix}-{i:D2}" }).ToArray();
}
