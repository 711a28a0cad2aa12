using System.Net;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Gateway;

/// <summary>
/// Each tenant's memory has its own request budget: one tenant's burst is refused with 429 and never slows another,
/// and another tenant's token aimed at a tenant's routes is refused before it spends that tenant's budget.
/// </summary>
public sealed class GatewayRateLimitTests(GatewayRateLimitTests.SmallBudgetStack stack) : IClassFixture<GatewayRateLimitTests.SmallBudgetStack>
{
    public sealed class SmallBudgetStack() : ProvisioningStack(("Gateway:RequestsPerSecondPerTenant", "3"));

    [Fact]
    public async Task A_tenants_burst_over_its_budget_is_429_with_Retry_After_and_another_tenant_is_served()
    {
        await stack.ReadyTenantAsync("burst-a");
        await stack.ReadyTenantAsync("calm-b");
        using var asA = stack.WithToken(await stack.TokenAsync("burst-a", "memory:read"));
        using var asB = stack.WithToken(await stack.TokenAsync("calm-b", "memory:read"));

        var burst = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++) burst.Add(await asA.GetAsync("/v1/tenants/burst-a/memory/Profiles"));
        using var other = await asB.GetAsync("/v1/tenants/calm-b/memory/Profiles");

        var refused = burst.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        Assert.Contains(burst, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        burst.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task Another_tenants_token_flooding_a_tenants_routes_leaves_that_tenants_own_requests_answered()
    {
        await stack.ReadyTenantAsync("flood-a");
        await stack.ReadyTenantAsync("victim-b");
        using var asA = stack.WithToken(await stack.TokenAsync("flood-a", "memory:read"));
        using var asB = stack.WithToken(await stack.TokenAsync("victim-b", "memory:read"));

        using var stop = new CancellationTokenSource();
        var flood = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var answers = new List<HttpStatusCode>();
            while (!stop.IsCancellationRequested)
            {
                using var response = await asA.GetAsync("/v1/tenants/victim-b/memory/Profiles");
                answers.Add(response.StatusCode);
            }
            return answers;
        })).ToList();

        // B stays within its own budget of 3 a second: one request every half second.
        var own = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            await Task.Delay(500);
            using var response = await asB.GetAsync("/v1/tenants/victim-b/memory/Profiles");
            own.Add(response.StatusCode);
        }
        await stop.CancelAsync();
        var flooded = (await Task.WhenAll(flood)).SelectMany(a => a).ToList();

        Assert.All(own, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.True(flooded.Count > 20, $"the flood sent only {flooded.Count} requests");
        Assert.All(flooded, status => Assert.Equal(HttpStatusCode.Forbidden, status));
    }
}
