using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>
/// Tenants Failed for longer than Provisioning:FailedSlotRetention stop holding a slot as far as that is safe for their
/// client's data: one Twilio holds nothing of gives it back and stays Failed (its retry takes a fresh slot); one that
/// never was Ready but made a store is offboarded (erased); one that was Ready once keeps everything.
/// </summary>
public sealed class FailedSlotRetentionTests(FailedSlotRetentionTests.ShortRetentionStack stack) : IClassFixture<FailedSlotRetentionTests.ShortRetentionStack>
{
    /// <summary>One tenant per account, so that a freed slot is the only one, and a retention of a second, looked at every second.</summary>
    public sealed class ShortRetentionStack() : ProvisioningStack(
        ("Twilio:StoreCapPerAccount", "1"),
        ("AccountPool:HeadroomSlots", "0"),
        ("Provisioning:FailedSlotRetention", "00:00:01"),
        ("Provisioning:RetentionCron", "* * * * * *"));

    [Fact]
    public async Task Failed_tenants_past_the_retention_give_their_slot_back_are_offboarded_or_keep_it_by_what_Twilio_holds()
    {
        // 1. Refused at its store create: Twilio holds nothing of it. Its slot, the parent's only one, goes back.
        await stack.Emulator.AddFaultAsync(new ScriptedFault { Method = "POST", PathPrefix = "/v1/ControlPlane/Stores", Status = 400, Times = 1 });
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "fail-empty" });
        var failed = await stack.WaitForStatusAsync("fail-empty", TenantStatus.Failed);
        Assert.Equal(stack.Emulator.ParentAccountSid, failed.AccountSid);
        await Eventually.HoldsAsync(async () => (await TenantAsync("fail-empty")).GetProperty("accountSid").ValueKind == JsonValueKind.Null,
            "the failed tenant to give its slot back");
        var released = await TenantAsync("fail-empty");
        Assert.Equal(nameof(TenantStatus.Failed), released.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, released.GetProperty("slotReleasedAt").ValueKind);
        Assert.Contains(await EventsAsync("fail-empty"), e => e.Action == "FailedSlotReleased" && e.Actor == "system" && e.After == TenantStatus.Failed);

        // The slot is free for the next signup; the retry takes a fresh one (a new subaccount).
        var filler = await stack.SignUpReadyAsync("fill-parent");
        Assert.Equal(stack.Emulator.ParentAccountSid, filler.AccountSid);
        using (var retry = await stack.Admin.PostAsync("/v1/tenants/fail-empty/retry", null))
            Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var retried = await stack.WaitForStatusAsync("fail-empty", TenantStatus.Ready);
        Assert.NotEqual(filler.AccountSid, retried.AccountSid);
        Assert.Single((await stack.Emulator.GetStateAsync()).Stores, s => s.AccountSid == stack.Emulator.ParentAccountSid);

        // 2. Its configuration refused, it never was Ready but made a store: offboarded, the store erased, the slot freed.
        await stack.Emulator.AddFaultAsync(new ScriptedFault { Method = "POST", PathPrefix = "/v2/ControlPlane/Configurations", Status = 400, Times = 1 });
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "fail-store" });
        var withStore = await stack.WaitForStatusAsync("fail-store", TenantStatus.Failed);
        Assert.NotNull(withStore.MemoryStoreId);
        await stack.WaitForStatusAsync("fail-store", TenantStatus.Deleted);
        Assert.DoesNotContain((await stack.Emulator.GetStateAsync()).Stores, s => s.Id == withStore.MemoryStoreId);
        Assert.Contains(await EventsAsync("fail-store"), e => e.Action == "Offboard:failed-retention" && e.Before == TenantStatus.Failed);
        var pool = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts");
        Assert.Equal(0, pool.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("sid").GetString() == withStore.AccountSid)
            .GetProperty("used").GetProperty("ours").GetInt32());

        // 3. Ready once, then a repair failed: its store may hold the client's data; it keeps store and slot.
        var live = await stack.SignUpReadyAsync("fail-live");
        await stack.Emulator.AddFaultAsync(new ScriptedFault { Method = "GET", PathPrefix = $"/v1/ControlPlane/Stores/{live.MemoryStoreId}", Status = 403, Times = 1 });
        using (var repair = await stack.Admin.PostAsJsonAsync("/v1/tenants/fail-live/reprovision", new { mode = "repair", reason = "check" }))
            Assert.Equal(HttpStatusCode.Accepted, repair.StatusCode);
        await stack.WaitForStatusAsync("fail-live", TenantStatus.Failed);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var kept = await TenantAsync("fail-live");
        Assert.Equal(nameof(TenantStatus.Failed), kept.GetProperty("status").GetString());
        Assert.Equal(live.AccountSid, kept.GetProperty("accountSid").GetString());
        Assert.Equal(JsonValueKind.Null, kept.GetProperty("slotReleasedAt").ValueKind);
        Assert.Contains((await stack.Emulator.GetStateAsync()).Stores, s => s.Id == live.MemoryStoreId);
    }

    private Task<JsonElement> TenantAsync(string clientId) => stack.ControlPlane.GetFromJsonAsync<JsonElement>($"/v1/tenants/{clientId}");

    private async Task<IReadOnlyList<TenantEventView>> EventsAsync(string clientId) =>
        (await stack.ControlPlane.GetFromJsonAsync<TenantEventPage>($"/v1/tenants/{clientId}/events", new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        }))!.Items;
}
