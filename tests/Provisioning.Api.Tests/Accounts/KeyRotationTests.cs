using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator;
using Provisioning.TwilioEmulator.Admin;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.Api.Tests.Accounts;

/// <summary>
/// <c>POST /v1/accounts/{sid}/rotate-key</c>: the subaccount's key is replaced at Twilio and in the database, the old
/// one deleted; a rotation broken at any step (a lost create reply, a failed delete, a crash after the new key was
/// recorded) neither loses the working key nor leaves a key of ours behind once retried.
/// </summary>
public sealed class KeyRotationTests(KeyRotationTests.OneTenantPerAccountStack stack) : IClassFixture<KeyRotationTests.OneTenantPerAccountStack>
{
    private const string KeyName = "provisioning-provisioning";

    /// <summary>One tenant per account, so each test gets a subaccount of its own; old keys deleted at once; no housekeeping run in between.</summary>
    public sealed class OneTenantPerAccountStack() : ProvisioningStack(
        ("Twilio:StoreCapPerAccount", "1"),
        ("AccountPool:HeadroomSlots", "0"),
        ("AccountPool:RetiredKeyGracePeriod", "00:00:00"),
        ("AccountPool:HousekeepingCron", "0 0 1 1 *"));

    [Fact]
    public async Task Rotation_replaces_the_key_deletes_the_old_one_and_later_provisioning_uses_the_new_one()
    {
        var tenant = await stack.SignUpInASubaccountAsync("rot-happy");
        var (sid, clientId) = (tenant.AccountSid!, tenant.ClientId);
        var oldKey = Assert.Single(await KeysOfAsync(sid));

        using var response = await RotateAsync(sid, "scheduled rotation");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(sid, body.GetProperty("accountSid").GetString());
        Assert.True(body.GetProperty("retiredKeysDeleted").GetBoolean());
        var newKey = Assert.Single(await KeysOfAsync(sid));
        Assert.NotEqual(oldKey.Sid, newKey.Sid);
        Assert.Equal(KeyName, newKey.FriendlyName);

        // What the saga does next in the account goes out with the new key, and nothing with the old one.
        var since = (await stack.Emulator.GetRequestsAsync()).Max(r => r.Sequence);
        await RepairAndWaitAsync(clientId);
        var calls = (await stack.Emulator.GetRequestsAsync(since)).Where(r => r.AccountSid == sid).ToList();
        Assert.NotEmpty(calls);
        Assert.All(calls, r => Assert.Equal(newKey.Sid, r.CredentialSid));

        var pool = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts");
        var account = pool.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("sid").GetString() == sid);
        Assert.Equal(JsonValueKind.String, account.GetProperty("keyRotatedAt").ValueKind);
        await AssertNoKeySecretIsShownAsync(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_lost_create_reply_and_a_failed_delete_are_recovered_by_retrying_and_leave_only_the_current_key()
    {
        var tenant = await stack.SignUpInASubaccountAsync("rot-faults");
        var (sid, clientId) = (tenant.AccountSid!, tenant.ClientId);
        var original = Assert.Single(await KeysOfAsync(sid));

        // Twilio creates the key but the reply is lost: the secret is gone with it, the working key stays.
        await stack.Emulator.AddFaultAsync(new ScriptedFault
        {
            Method = "POST", PathPrefix = $"/2010-04-01/Accounts/{sid}/Keys.json", Kind = FaultKind.LostAcknowledgement, Status = 500, Times = 1,
        });
        using (var lost = await RotateAsync(sid, "rotation, reply lost"))
        {
            Assert.Equal(HttpStatusCode.BadGateway, lost.StatusCode);
            Assert.Contains("safe to retry", (await lost.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(2, (await KeysOfAsync(sid)).Count); // the working key and an orphan
        Assert.Equal(original.Sid, await stack.CurrentKeyOfAsync(sid));

        // The retry succeeds; the orphan, younger than the consistency window, waits for a later sweep.
        using (var retried = await RotateAsync(sid, "rotation, again"))
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1));

        // The next rotation's delete fails half-way: the new key is in use all the same, the rest waits.
        await stack.Emulator.AddFaultAsync(new ScriptedFault { Method = "DELETE", PathPrefix = $"/2010-04-01/Accounts/{sid}/Keys/", Status = 500, Times = 1 });
        using (var halfDeleted = await RotateAsync(sid, "rotation, delete fails"))
        {
            Assert.Equal(HttpStatusCode.OK, halfDeleted.StatusCode);
            Assert.False((await halfDeleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("retiredKeysDeleted").GetBoolean());
        }
        Assert.True((await KeysOfAsync(sid)).Count > 1);

        using (var last = await RotateAsync(sid, "rotation, clean"))
            Assert.True((await last.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("retiredKeysDeleted").GetBoolean());
        var remaining = Assert.Single(await KeysOfAsync(sid));
        Assert.Equal(remaining.Sid, await stack.CurrentKeyOfAsync(sid));
        await RepairAndWaitAsync(clientId);
    }

    [Fact]
    public async Task A_rotation_that_died_after_recording_its_new_key_is_finished_with_that_key_not_another()
    {
        var sid = (await stack.SignUpInASubaccountAsync("rot-crash")).AccountSid!;
        // Step 1 runs twice, as a rotation killed after it and run again would: one key, recorded as pending.
        var pendingKey = await stack.RecordPendingKeyAsync(sid, times: 2);
        Assert.Equal(2, (await KeysOfAsync(sid)).Count);

        var since = (await stack.Emulator.GetRequestsAsync()).Max(r => r.Sequence);
        using var response = await RotateAsync(sid, "finish the rotation");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(await stack.Emulator.GetRequestsAsync(since), r => r.Method == "POST" && r.Path.EndsWith("/Keys.json", StringComparison.Ordinal));
        Assert.Equal(pendingKey, Assert.Single(await KeysOfAsync(sid)).Sid);
        Assert.Equal(pendingKey, await stack.CurrentKeyOfAsync(sid));
    }

    [Fact]
    public async Task Only_admins_rotate_only_subaccount_keys_and_only_with_a_reason()
    {
        var sid = (await stack.SignUpInASubaccountAsync("rot-refused")).AccountSid!;

        using var controlPlane = await stack.ControlPlane.PostAsJsonAsync($"/v1/accounts/{sid}/rotate-key", new { reason = "x" });
        using var unknown = await RotateAsync("AC99999999999999999999999999999999", "x");
        using var parent = await RotateAsync(stack.Emulator.ParentAccountSid, "x");
        using var noReason = await stack.Admin.PostAsJsonAsync($"/v1/accounts/{sid}/rotate-key", new { });
        using var controlCharacter = await RotateAsync(sid, "bad\u0007reason");

        Assert.Equal(HttpStatusCode.Forbidden, controlPlane.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, parent.StatusCode);
        Assert.Contains("configuration", (await parent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, controlCharacter.StatusCode);
        Assert.DoesNotContain(await stack.Emulator.GetRequestsAsync(), r => r.Method == "POST" && r.Path.EndsWith("/Keys.json", StringComparison.Ordinal)
                                                                              && r.Path.Contains(stack.Emulator.ParentAccountSid, StringComparison.Ordinal));
    }

    private Task<HttpResponseMessage> RotateAsync(string sid, string reason) =>
        stack.Admin.PostAsJsonAsync($"/v1/accounts/{sid}/rotate-key", new { reason });

    private async Task RepairAndWaitAsync(string clientId)
    {
        using var repair = await stack.Admin.PostAsJsonAsync($"/v1/tenants/{clientId}/reprovision", new { mode = "repair", reason = "check the new key" });
        Assert.Equal(HttpStatusCode.Accepted, repair.StatusCode);
        await stack.WaitForStatusAsync(clientId, TenantStatus.Ready);
    }

    private async Task<List<ApiKeySnapshot>> KeysOfAsync(string sid) =>
        (await stack.Emulator.GetStateAsync()).ApiKeys.Where(k => k.AccountSid == sid).ToList();

    private async Task AssertNoKeySecretIsShownAsync(string answer)
    {
        var emulator = stack.Emulator.Services.GetRequiredService<EmulatorState>();
        List<string> secrets;
        lock (emulator.Sync) secrets = [.. emulator.ApiKeys.Values.Select(k => k.Secret)];
        var logs = string.Join('\n', stack.Logs);
        var shown = answer + await stack.Admin.GetStringAsync("/v1/accounts");
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, shown, StringComparison.Ordinal);
        }
    }
}
