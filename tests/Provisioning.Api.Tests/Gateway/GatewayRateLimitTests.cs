using System.Net;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Gateway;

/// <summary>Each tenant's memory has its own request budget: one tenant's burst is refused with 429 and never slows another.</summary>
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
}
