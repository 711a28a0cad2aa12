using System.Net;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Gateway;

/// <summary>
/// With <c>Gateway:AllowApiKeys</c> on, a ControlPlane or Admin key may use the gateway like a token of any tenant
/// (off by default: <see cref="GatewayIsolationTests.An_API_key_does_not_open_the_gateway_by_default"/>).
/// </summary>
public sealed class GatewayApiKeyTests(GatewayApiKeyTests.ApiKeysAllowedStack stack) : IClassFixture<GatewayApiKeyTests.ApiKeysAllowedStack>
{
    public sealed class ApiKeysAllowedStack() : ProvisioningStack(("Gateway:AllowApiKeys", "true"));

    [Fact]
    public async Task When_allowed_an_API_key_reaches_a_tenants_memory()
    {
        var a = await stack.ReadyTenantAsync("key-a");
        var since = await stack.Emulator.GetLastRequestSequenceAsync();

        using (var controlPlane = await stack.ControlPlane.GetAsync("/v1/tenants/key-a/memory/Profiles"))
            Assert.Equal(HttpStatusCode.OK, controlPlane.StatusCode);
        using (var admin = await stack.Admin.GetAsync("/v1/tenants/key-a/memory/Profiles"))
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        using (var badKey = await stack.CreateClient("not-a-key").GetAsync("/v1/tenants/key-a/memory/Profiles"))
            Assert.Equal(HttpStatusCode.Unauthorized, badKey.StatusCode);

        Assert.Equal(2, (await stack.Emulator.GetDataPlaneRequestsAsync(a.MemoryStoreId!, since)).Count);
    }
}
