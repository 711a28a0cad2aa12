using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator.Faults;

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

    [Fact]
    public async Task A_tenant_whose_store_is_still_being_made_is_memory_not_ready_without_a_call_to_Twilio()
    {
        // The store's create hangs at Twilio, so the tenant stays Provisioning with no active store.
        await stack.Emulator.AddFaultAsync(new ScriptedFault { Method = "POST", PathPrefix = "/v1/ControlPlane/Stores", Kind = FaultKind.Delay, DelayMs = 15_000 });
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "key-b" });
        var since = await stack.Emulator.GetLastRequestSequenceAsync();

        using var response = await stack.ControlPlane.GetAsync("/v1/tenants/key-b/memory/Profiles");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        Assert.Equal("Memory not ready", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Empty(await stack.Emulator.GetRequestsUnderAsync("/v1/Stores", since));
    }
}
