using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Accounts;

/// <summary>
/// A dedicated subaccount counts against Twilio:MaxSubaccounts like a shared one: at the ceiling a dedicated signup
/// waits Pending with the reason, and a pooled signup waits rather than take a dedicated account's free slot. This
/// deployment makes tenants dedicated unless they ask to be pooled (Provisioning:DefaultIsolation).
/// </summary>
public sealed class IsolationCeilingTests(IsolationCeilingTests.OneSubaccountStack stack) : IClassFixture<IsolationCeilingTests.OneSubaccountStack>
{
    public sealed class OneSubaccountStack() : ProvisioningStack(
        ("Twilio:StoreCapPerAccount", "2"), ("Twilio:MaxSubaccounts", "1"), ("AccountPool:HeadroomSlots", "0"), ("Provisioning:DefaultIsolation", "dedicated"));

    [Fact]
    public async Task The_ceiling_counts_dedicated_subaccounts_and_a_closed_one_makes_room_again()
    {
        var first = await stack.SignUpReadyAsync("ceil-dedicated-1");
        await stack.SignUpReadyAsync("ceil-pooled-1", "pooled");
        await stack.SignUpReadyAsync("ceil-pooled-2", "pooled");
        Assert.Equal("dedicated", (await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/ceil-dedicated-1")).GetProperty("isolation").GetString());
        Assert.NotEqual(stack.Emulator.ParentAccountSid, first.AccountSid);

        // The parent is full and the only subaccount allowed is dedicated: the next dedicated signup waits.
        var waiting = await WaitsPendingAsync("ceil-dedicated-2", isolation: null);
        Assert.Contains("Dedicated tenant ceil-dedicated-2 needs a subaccount of its own and the parent owns 1 of at most 1 subaccounts",
            waiting.LastError, StringComparison.Ordinal);
        var subaccounts = (await stack.PoolAsync()).GetProperty("subaccounts");
        Assert.Equal((1, 0), (subaccounts.GetProperty("count").GetInt32(), subaccounts.GetProperty("remaining").GetInt32()));

        // Offboarding the first dedicated tenant closes its subaccount, which no longer counts: the waiting one gets its own.
        await stack.OffboardAsync("ceil-dedicated-1");
        var second = await stack.WaitForStatusAsync("ceil-dedicated-2", TenantStatus.Ready, TimeSpan.FromSeconds(60));
        Assert.NotEqual(first.AccountSid, second.AccountSid);
        Assert.NotEqual(stack.Emulator.ParentAccountSid, second.AccountSid);

        // Its account has a slot free, but not for a pooled signup: that one waits at the ceiling.
        var pooled = await WaitsPendingAsync("ceil-pooled-3", "pooled");
        Assert.Contains("Every account is full and the parent owns 1 of at most 1 subaccounts", pooled.LastError, StringComparison.Ordinal);
        Assert.Null(pooled.AccountSid);
        Assert.Equal(1, (await stack.PoolAsync()).Account(second.AccountSid!).GetProperty("free").GetInt32());
    }

    /// <summary>Signs up and waits until the signup is seen Pending with a reason (waiting for capacity).</summary>
    private async Task<TenantView> WaitsPendingAsync(string clientId, string? isolation)
    {
        using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId, isolation });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        TenantView? tenant = null;
        await Eventually.HoldsAsync(async () =>
        {
            tenant = await stack.ControlPlane.GetFromJsonAsync<TenantView>($"/v1/tenants/{clientId}");
            return tenant is { Status: "Pending", LastError: not null };
        }, $"{clientId} to wait for capacity");
        return tenant!;
    }
}
