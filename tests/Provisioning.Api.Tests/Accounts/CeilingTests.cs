using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator;

namespace Provisioning.Api.Tests.Accounts;

/// <summary>At the subaccount ceiling signups wait, Pending with the reason, and resume when capacity appears.</summary>
public sealed class CeilingTests(CeilingTests.NoSubaccountsStack stack) : IClassFixture<CeilingTests.NoSubaccountsStack>
{
    public sealed class NoSubaccountsStack : ProvisioningStack
    {
        protected override void ConfigureEmulator(EmulatorOptions emulator)
        {
            base.ConfigureEmulator(emulator);
            emulator.StoreCap = 2;
        }

        protected override Dictionary<string, string?> ServiceSettings()
        {
            var settings = base.ServiceSettings();
            settings["Twilio:StoreCapPerAccount"] = "1";
            settings["Twilio:MaxSubaccounts"] = "0";
            return settings;
        }
    }

    [Fact]
    public async Task At_the_ceiling_a_signup_stays_pending_with_the_reason_then_resumes()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "ceiling-1" });
        await stack.WaitForStatusAsync("ceiling-1", TenantStatus.Ready);

        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "ceiling-2" });
        // Each look for capacity is a run (Provisioning while it looks): between looks it waits Pending with the reason.
        TenantView? waiting = null;
        await Eventually.HoldsAsync(async () =>
        {
            waiting = await stack.ControlPlane.GetFromJsonAsync<TenantView>("/v1/tenants/ceiling-2");
            return waiting!.Status == "Pending" && waiting.LastError is not null;
        }, "the signup to wait for capacity");
        Assert.Contains("subaccount", waiting!.LastError, StringComparison.OrdinalIgnoreCase);
        var pool = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts");
        Assert.True(pool.GetProperty("subaccounts").GetProperty("warning").GetBoolean());
        Assert.Equal(0, pool.GetProperty("subaccounts").GetProperty("remaining").GetInt32());

        // An operator raises the parent's capacity (Twilio's cap for it is 2): the waiting signup goes through.
        using var patch = await stack.Admin.PatchAsJsonAsync($"/v1/accounts/{stack.Emulator.ParentAccountSid}", new { storeCapacity = 2 });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var ready = await stack.WaitForStatusAsync("ceiling-2", TenantStatus.Ready);
        Assert.Equal(stack.Emulator.ParentAccountSid, ready.AccountSid);
        Assert.DoesNotContain((await stack.Emulator.GetStateAsync()).Accounts, a => a.Sid != stack.Emulator.ParentAccountSid);

        // Capacity cannot go below what the account already uses; unknown accounts are 404; admins only.
        using var below = await stack.Admin.PatchAsJsonAsync($"/v1/accounts/{stack.Emulator.ParentAccountSid}", new { storeCapacity = 1 });
        using var missing = await stack.Admin.PatchAsJsonAsync("/v1/accounts/AC99999999999999999999999999999999", new { storeCapacity = 3 });
        using var forbidden = await stack.ControlPlane.PatchAsJsonAsync($"/v1/accounts/{stack.Emulator.ParentAccountSid}", new { storeCapacity = 3 });
        Assert.Equal(HttpStatusCode.BadRequest, below.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}
