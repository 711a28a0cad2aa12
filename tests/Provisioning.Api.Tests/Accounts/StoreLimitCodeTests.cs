using System.Net.Http.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator;

namespace Provisioning.Api.Tests.Accounts;

/// <summary>
/// Twilio's cap may be lower than the service's setting (its beta allows 5 stores, the setting says 15). Its answer,
/// code 520044 (contract §12 P2), is what says the account is full: the tenant moves, and the account is not tried again.
/// </summary>
public sealed class StoreLimitCodeTests(StoreLimitCodeTests.LowTwilioCapStack stack) : IClassFixture<StoreLimitCodeTests.LowTwilioCapStack>
{
    /// <summary>Twilio allows 2 stores per account; the service, at its default, believes 15.</summary>
    public sealed class LowTwilioCapStack : ProvisioningStack
    {
        protected override void ConfigureEmulator(EmulatorOptions emulator)
        {
            base.ConfigureEmulator(emulator);
            emulator.StoreCap = 2;
        }

        protected override Dictionary<string, string?> ServiceSettings()
        {
            var settings = base.ServiceSettings();
            settings["AccountPool:HeadroomSlots"] = "0";
            return settings;
        }
    }

    [Fact]
    public async Task A_create_refused_with_520044_moves_the_tenant_and_later_tenants_skip_the_full_account()
    {
        var parent = stack.Emulator.ParentAccountSid;
        foreach (var clientId in new[] { "limit-1", "limit-2", "limit-3", "limit-4" })
        {
            await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId });
            await stack.WaitForStatusAsync(clientId, TenantStatus.Ready);
        }

        var state = await stack.Emulator.GetStateAsync();
        Assert.Equal(2, state.Stores.Count(s => s.AccountSid == parent));
        Assert.Equal(2, state.Stores.Count(s => s.AccountSid != parent));
        var tenant3 = await stack.ControlPlane.GetFromJsonAsync<TenantView>("/v1/tenants/limit-3");
        Assert.NotEqual(parent, tenant3!.AccountSid);

        // One refusal: the third tenant's; the fourth went straight to the account with room.
        var refusals = (await stack.Emulator.GetRequestsAsync())
            .Where(r => r.Method == "POST" && r.Path == "/v1/ControlPlane/Stores" && r.Status != 202).ToList();
        var refusal = Assert.Single(refusals);
        Assert.Equal(parent, refusal.AccountSid);
        Assert.Contains("client-limit-3", refusal.Body);
    }
}
