using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>
/// The shipped quotas: one key cannot sign up dedicated tenants (a subaccount each) until the parent's subaccount
/// ceiling is gone, nor tenants without bound. Each class has a stack of its own, with every quota at its default.
/// </summary>
public static class TenantQuotaDefaultsTests
{
    public sealed class DedicatedQuota(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
    {
        [Fact]
        public async Task Past_100_live_dedicated_tenants_a_dedicated_signup_is_a_409_and_a_pooled_one_is_accepted()
        {
            await stack.RecordIdleTenantsAsync("dedicated-", 100, TenantIsolation.Dedicated);

            using var dedicated = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "one-more-dedicated", isolation = "dedicated" });
            using var batch = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants:batch",
                new { tenants = new object[] { new { clientId = "batch-dedicated", isolation = "dedicated" }, new { clientId = "batch-pooled" } } });
            using var pooled = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "one-more-pooled", isolation = "pooled" });

            Assert.Equal(HttpStatusCode.Conflict, dedicated.StatusCode);
            Assert.Equal("application/problem+json", dedicated.Content.Headers.ContentType?.MediaType);
            Assert.Contains("MaxDedicatedTenants", (await dedicated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal([409, 202], BatchSignups.Statuses(await batch.Content.ReadFromJsonAsync<JsonElement>()));
            Assert.Equal(HttpStatusCode.Accepted, pooled.StatusCode);
            Assert.Equal(100, await stack.CountAsync("SELECT count(*) FROM tenants WHERE isolation = 'Dedicated'"));
        }
    }

    public sealed class TenantQuota(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
    {
        [Fact]
        public async Task Past_10000_live_tenants_a_signup_is_a_409()
        {
            await stack.RecordIdleTenantsAsync("recorded-", 10_000, TenantIsolation.Pooled);

            using var refused = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "one-too-many" });

            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("MaxTenants", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(10_000, await stack.CountAsync("SELECT count(*) FROM tenants"));
        }
    }
}
