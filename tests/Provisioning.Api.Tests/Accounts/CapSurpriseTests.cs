using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Accounts;

/// <summary>Stores appear outside the service after it counted: Twilio refuses the create, the tenant moves.</summary>
public sealed class CapSurpriseTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    [Fact]
    public async Task Refused_store_create_at_the_cap_moves_the_tenant_to_another_account()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "surprise-0" });
        await stack.WaitForStatusAsync("surprise-0", TenantStatus.Ready);
        // The parent joined the pool holding one store (ours). Now fill it to the cap behind the service's back.
        for (var i = 0; i < 14; i++)
            await stack.Emulator.CreateStoreOutOfBandAsync(stack.Emulator.ParentAccountSid, $"behind-{i}");

        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "surprise-1" });
        var moved = await stack.WaitForStatusAsync("surprise-1", TenantStatus.Ready);

        Assert.NotEqual(stack.Emulator.ParentAccountSid, moved.AccountSid);
        var state = await stack.Emulator.GetStateAsync();
        Assert.Equal(15, state.Stores.Count(s => s.AccountSid == stack.Emulator.ParentAccountSid));
        Assert.Single(state.Stores, s => s.DisplayName == "client-surprise-1");
        var pool = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts");
        var parent = pool.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("isParent").GetBoolean());
        Assert.Equal(1, parent.GetProperty("used").GetProperty("ours").GetInt32());
        Assert.Equal(14, parent.GetProperty("used").GetProperty("foreign").GetInt32());
    }
}
