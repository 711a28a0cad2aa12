using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>Twilio refuses store deletes (as during its beta): the tenant still ends Deleted, the store retired and counted.</summary>
public sealed class RefusedStoreDeleteTests(RefusedStoreDeleteTests.RefusingStack stack) : IClassFixture<RefusedStoreDeleteTests.RefusingStack>
{
    public sealed class RefusingStack : ProvisioningStack
    {
        protected override void ConfigureEmulator(EmulatorOptions emulator)
        {
            base.ConfigureEmulator(emulator);
            emulator.StoreDeleteMode = StoreDeleteMode.Refuse;
        }
    }

    [Fact]
    public async Task Refused_store_delete_ends_Deleted_with_the_store_retired_counted_and_reported()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "refused-1" });
        var ready = await stack.WaitForStatusAsync("refused-1", TenantStatus.Ready);

        await stack.Admin.DeleteAsync("/v1/tenants/refused-1?immediate=true");
        var deleted = await stack.WaitForStatusAsync("refused-1", TenantStatus.Deleted);

        Assert.Contains("refused", deleted.LastError, StringComparison.OrdinalIgnoreCase);
        var tenant = await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/refused-1");
        var retired = Assert.Single(tenant.GetProperty("retiredStores").EnumerateArray());
        Assert.Equal(ready.MemoryStoreId, retired.GetProperty("storeId").GetString());
        Assert.Equal(JsonValueKind.Null, retired.GetProperty("deletedAt").ValueKind);
        Assert.Contains("refused", retired.GetProperty("deleteRefusal").GetString(), StringComparison.OrdinalIgnoreCase);
        var state = await stack.Emulator.GetStateAsync();
        Assert.Contains(state.Stores, s => s.Id == ready.MemoryStoreId);
        Assert.DoesNotContain(state.Configurations, c => c.MemoryStoreId == ready.MemoryStoreId);
        var pool = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts");
        Assert.Equal(1, pool.GetProperty("accounts")[0].GetProperty("used").GetProperty("ours").GetInt32());

        // The renamed store frees the name: the clientId can sign up again.
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "refused-1" });
        var again = await stack.WaitForStatusAsync("refused-1", TenantStatus.Ready);
        Assert.NotEqual(ready.MemoryStoreId, again.MemoryStoreId);
    }
}
