using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Accounts;

/// <summary>
/// The key housekeeping job: a rotated-out key stays valid for AccountPool:RetiredKeyGracePeriod (saga runs that read
/// it may still use it) and is deleted after it; a rotation that died after recording its new key is finished
/// without anyone retrying it.
/// </summary>
public sealed class KeyHousekeepingTests(KeyHousekeepingTests.GracePeriodStack stack) : IClassFixture<KeyHousekeepingTests.GracePeriodStack>
{
    public sealed class GracePeriodStack() : ProvisioningStack(
        ("Twilio:StoreCapPerAccount", "1"),
        ("AccountPool:HeadroomSlots", "0"),
        ("AccountPool:RetiredKeyGracePeriod", "00:00:02"),
        ("AccountPool:HousekeepingCron", "* * * * * *"));

    [Fact]
    public async Task The_old_key_works_through_the_grace_period_and_is_deleted_after_it()
    {
        var sid = (await stack.SignUpInASubaccountAsync("hk-grace")).AccountSid!;
        var oldKey = await stack.CurrentKeyOfAsync(sid);

        using var response = await stack.Admin.PostAsJsonAsync($"/v1/accounts/{sid}/rotate-key", new { reason = "grace" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("retiredKeysDeleted").GetBoolean());
        Assert.True(body.GetProperty("retiredKeysDeleteAt").GetDateTimeOffset() > body.GetProperty("rotatedAt").GetDateTimeOffset());
        Assert.Contains(await stack.KeysAtTwilioAsync(sid), k => k == oldKey);

        var newKey = await stack.CurrentKeyOfAsync(sid);
        await Eventually.HoldsAsync(async () => (await stack.KeysAtTwilioAsync(sid)).SequenceEqual([newKey]), "the old key to be deleted after the grace period");
    }

    [Fact]
    public async Task A_rotation_that_died_after_recording_its_new_key_is_finished_by_the_housekeeping()
    {
        var sid = (await stack.SignUpInASubaccountAsync("hk-resume")).AccountSid!;
        var pendingKey = await stack.RecordPendingKeyAsync(sid);

        await Eventually.HoldsAsync(async () => await stack.CurrentKeyOfAsync(sid) == pendingKey, "the pending key to become current");
        await Eventually.HoldsAsync(async () => (await stack.KeysAtTwilioAsync(sid)).SequenceEqual([pendingKey]), "the old key to be deleted");
    }
}
