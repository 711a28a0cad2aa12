using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.TwilioEmulator.Admin;

namespace Provisioning.Api.Tests.Accounts;

/// <summary>An account fills up behind the pool's back (configurations made out of band): Twilio's refusal is told apart by counting.</summary>
public sealed class ConfigurationCapSurpriseTests(ConfigurationCapTests.NoIdStack stack) : IClassFixture<ConfigurationCapTests.NoIdStack>
{
    [Fact]
    public async Task A_configuration_refused_at_an_unexpected_cap_moves_the_tenant_without_leaving_its_store_behind()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "cap-first" });
        await stack.WaitForStatusAsync("cap-first", TenantStatus.Ready, TimeSpan.FromSeconds(60));
        // The pool learns an account's foreign configurations when it joins; these come later, out of band, in the
        // account the next tenant goes to (the oldest with room).
        var pool = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts");
        var account = pool.GetProperty("accounts").EnumerateArray().First(a => a.GetProperty("free").GetInt32() > 0);
        var sid = account.GetProperty("sid").GetString()!;
        var free = account.GetProperty("configurations").GetProperty("free").GetInt32();
        for (var i = 0; i < free; i++)
            await stack.Emulator.PlantConfigurationAsync(sid, new OutOfBandConfigurationRequest($"late-{i}", "mem_store_00000000000000000000000000"));
        var since = (await stack.Emulator.GetRequestsAsync()).Max(r => r.Sequence);

        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "cap-moved" });
        var moved = await stack.WaitForStatusAsync("cap-moved", TenantStatus.Ready, TimeSpan.FromSeconds(60));

        Assert.NotEqual(sid, moved.AccountSid);
        var refused = Assert.Single(await stack.Emulator.GetRequestsAsync(since), r => r.Method == "POST" && r.Path == "/v2/ControlPlane/Configurations" && r.Status >= 400);
        Assert.Equal(400, refused.Status);
        var state = await stack.Emulator.GetStateAsync();
        // One store for the tenant, in its new account: the one made in the full account was deleted.
        Assert.Equal(moved.MemoryStoreId, Assert.Single(state.Stores, s => s.DisplayName == "client-cap-moved").Id);
        Assert.Equal(10, state.Configurations.Count(c => c.AccountSid == sid));
        var after = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts");
        var full = after.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("sid").GetString() == sid);
        Assert.Equal(0, full.GetProperty("free").GetInt32());
        Assert.Equal(state.Stores.Count(s => s.AccountSid == sid), full.GetProperty("used").GetProperty("total").GetInt32());
    }
}
