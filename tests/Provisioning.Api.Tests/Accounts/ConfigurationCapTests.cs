using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator;
using Provisioning.TwilioEmulator.Admin;

namespace Provisioning.Api.Tests.Accounts;

/// <summary>
/// An account holds at most 10 configurations (L1), and the live service may name no configuration in the create's
/// answer (L3): this emulator never does.
/// </summary>
public sealed class ConfigurationCapTests(ConfigurationCapTests.NoIdStack stack) : IClassFixture<ConfigurationCapTests.NoIdStack>
{
    public sealed class NoIdStack : ProvisioningStack
    {
        protected override void ConfigureEmulator(EmulatorOptions emulator)
        {
            base.ConfigureEmulator(emulator);
            emulator.ConfigurationIdInCreateResponse = ConfigurationIdDisclosure.Never;
        }
    }

    [Fact]
    public async Task Signups_fill_accounts_ten_at_a_time_around_foreign_configurations_with_ids_found_by_name()
    {
        // Three configurations someone made in the parent before the service came: they take three of its ten.
        for (var i = 0; i < 3; i++)
            await stack.Emulator.PlantConfigurationAsync(stack.Emulator.ParentAccountSid,
                new OutOfBandConfigurationRequest($"legacy-{i}", "mem_store_00000000000000000000000000"));

        var clientIds = Enumerable.Range(1, 25).Select(i => $"cap-{i:D2}").ToList();
        foreach (var id in clientIds)
            await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = id });
        var tenants = new List<TenantView>();
        foreach (var id in clientIds)
            tenants.Add(await stack.WaitForStatusAsync(id, TenantStatus.Ready, TimeSpan.FromSeconds(90)));

        var state = await stack.Emulator.GetStateAsync();
        Assert.All(state.Configurations.GroupBy(c => c.AccountSid), g => Assert.True(g.Count() <= 10, $"{g.Key} holds {g.Count()} configurations"));
        Assert.Equal(7, tenants.Count(t => t.AccountSid == stack.Emulator.ParentAccountSid));
        var requests = await stack.Emulator.GetRequestsAsync();
        Assert.DoesNotContain(requests, r => r.Method == "POST" && r.Path == "/v2/ControlPlane/Configurations" && r.Status >= 400);
        // Every tenant knows its configuration although Twilio never named it: found by name, one each.
        foreach (var tenant in tenants)
            Assert.Equal(tenant.MemoryStoreName, Assert.Single(state.Configurations, c => c.Id == tenant.OrchestratorConfigurationId).DisplayName);
        Assert.Equal(25, state.Configurations.Count(c => c.DisplayName.StartsWith("client-cap-", StringComparison.Ordinal)));

        var pool = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts");
        var parent = pool.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("isParent").GetBoolean());
        Assert.Equal(3, parent.GetProperty("configurations").GetProperty("foreign").GetInt32());
        Assert.Equal(7, parent.GetProperty("configurations").GetProperty("ours").GetInt32());
        Assert.Equal(0, parent.GetProperty("free").GetInt32());
        Assert.Equal(1001 * 10, pool.GetProperty("subaccounts").GetProperty("tenantCapacity").GetInt32());
    }
}
