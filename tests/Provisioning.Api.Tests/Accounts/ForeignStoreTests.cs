using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Accounts;

/// <summary>The parent already holds stores made outside the service: they count against the cap.</summary>
public sealed class ForeignStoreTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    [Fact]
    public async Task Parent_with_ten_foreign_stores_takes_only_five_tenants()
    {
        for (var i = 0; i < 10; i++)
            await stack.Emulator.CreateStoreOutOfBandAsync(stack.Emulator.ParentAccountSid, $"legacy-{i}");

        var clientIds = Enumerable.Range(1, 8).Select(i => $"foreign-{i}").ToList();
        foreach (var id in clientIds)
            await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = id });
        var tenants = new List<TenantView>();
        foreach (var id in clientIds)
            tenants.Add(await stack.WaitForStatusAsync(id, TenantStatus.Ready, TimeSpan.FromSeconds(60)));

        Assert.Equal(5, tenants.Count(t => t.AccountSid == stack.Emulator.ParentAccountSid));
        Assert.Equal(3, tenants.Count(t => t.AccountSid != stack.Emulator.ParentAccountSid));
        var state = await stack.Emulator.GetStateAsync();
        Assert.Equal(15, state.Stores.Count(s => s.AccountSid == stack.Emulator.ParentAccountSid));
        Assert.DoesNotContain(await stack.Emulator.GetRequestsAsync(), r => r.Method == "POST" && r.Path == "/v1/ControlPlane/Stores" && r.Status >= 400);

        var pool = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts");
        var parent = pool.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("isParent").GetBoolean());
        Assert.Equal(10, parent.GetProperty("used").GetProperty("foreign").GetInt32());
        Assert.Equal(5, parent.GetProperty("used").GetProperty("ours").GetInt32());
        Assert.Equal(0, parent.GetProperty("free").GetInt32());
    }
}
