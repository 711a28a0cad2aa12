using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Accounts;

/// <summary>
/// With AccountPool:CloseEmptySubaccountsAfter set, a subaccount that holds nothing is closed at Twilio and leaves the
/// pool; one holding a tenant, one holding a store someone else made, and the parent stay.
/// </summary>
public sealed class EmptySubaccountClosingTests(EmptySubaccountClosingTests.ClosingStack stack) : IClassFixture<EmptySubaccountClosingTests.ClosingStack>
{
    public sealed class ClosingStack() : ProvisioningStack(
        ("Twilio:StoreCapPerAccount", "1"),
        ("AccountPool:HeadroomSlots", "0"),
        ("AccountPool:CloseEmptySubaccountsAfter", "00:00:01"),
        ("AccountPool:HousekeepingCron", "* * * * * *"));

    [Fact]
    public async Task An_empty_subaccount_is_closed_and_leaves_the_pool_while_accounts_holding_something_stay()
    {
        // One tenant per account: the parent, then a subaccount each.
        var parentTenant = await stack.SignUpReadyAsync("close-1");
        var kept = await stack.SignUpReadyAsync("close-2");
        var emptied = await stack.SignUpReadyAsync("close-3");
        Assert.Equal(stack.Emulator.ParentAccountSid, parentTenant.AccountSid);

        await stack.OffboardAsync("close-3");
        await stack.OffboardAsync("close-1");
        await Eventually.HoldsAsync(async () => (await stack.AccountAtTwilioAsync(emptied.AccountSid!)).Status == "closed", "the emptied subaccount to be closed");
        // Closed at Twilio first, then recorded: the pool says so a moment later.
        await Eventually.HoldsAsync(async () => (await stack.PoolAsync()).Account(emptied.AccountSid!).GetProperty("status").GetString() == "Closed",
            "the pool to record the close");

        var pool = await stack.PoolAsync();
        Assert.Equal("Closed", pool.Account(emptied.AccountSid!).GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, pool.Account(emptied.AccountSid!).GetProperty("closedAt").ValueKind);
        Assert.Equal("Active", pool.Account(kept.AccountSid!).GetProperty("status").GetString());
        Assert.Equal("Active", pool.Account(stack.Emulator.ParentAccountSid).GetProperty("status").GetString()); // empty, but never closed
        Assert.Equal("active", (await stack.AccountAtTwilioAsync(kept.AccountSid!)).Status);
        Assert.Equal(1, pool.GetProperty("subaccounts").GetProperty("count").GetInt32()); // closed ones do not count against the ceiling

        // Nothing is placed in a closed account: the parent's free slot goes first, then a new subaccount.
        var intoParent = await stack.SignUpReadyAsync("close-4");
        var intoNew = await stack.SignUpReadyAsync("close-5");
        Assert.Equal(stack.Emulator.ParentAccountSid, intoParent.AccountSid);
        Assert.NotEqual(emptied.AccountSid, intoNew.AccountSid);
        Assert.NotEqual(kept.AccountSid, intoNew.AccountSid);
        using var patchClosed = await stack.Admin.PatchAsJsonAsync($"/v1/accounts/{emptied.AccountSid}", new { acceptsTenants = true });
        Assert.Equal(HttpStatusCode.Conflict, patchClosed.StatusCode);

        // A store made behind the service's back keeps a subaccount open, recorded as foreign.
        await stack.Emulator.CreateStoreOutOfBandAsync(intoNew.AccountSid!, "someone-elses-store");
        await stack.OffboardAsync("close-5");
        await Eventually.HoldsAsync(async () => (await stack.PoolAsync()).Account(intoNew.AccountSid!).GetProperty("stores").GetProperty("foreign").GetInt32() == 1,
            "the foreign store to be recorded");
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal("active", (await stack.AccountAtTwilioAsync(intoNew.AccountSid!)).Status);
        Assert.Equal("Active", (await stack.PoolAsync()).Account(intoNew.AccountSid!).GetProperty("status").GetString());
        Assert.Equal("active", (await stack.AccountAtTwilioAsync(kept.AccountSid!)).Status);
    }
}
