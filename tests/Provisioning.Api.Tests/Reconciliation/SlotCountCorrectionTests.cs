using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.Api.Tests.Reconciliation;

/// <summary>
/// A correction of the slot counters must not undo the reservations signups made while the run was reading
/// Twilio: an undercount would let the pool hand out slots the account does not have.
/// </summary>
public sealed class SlotCountCorrectionTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    [Fact]
    public async Task Counters_corrected_by_a_run_include_the_slots_reserved_while_it_ran()
    {
        var parent = stack.Emulator.ParentAccountSid;
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "count-0" });
        await stack.WaitForStatusAsync("count-0", TenantStatus.Ready);
        // A store someone else made: the signup above has fetched it once, so from now on only the run fetches it.
        var foreign = await stack.Emulator.CreateStoreOutOfBandAsync(parent, "legacy-app");
        await Task.Delay(600);
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "count-1" });
        await stack.WaitForStatusAsync("count-1", TenantStatus.Ready);
        // The counters are off (a slot counted twice), so the run corrects them.
        await using (var connection = new NpgsqlConnection(stack.ConnectionString))
        {
            await connection.OpenAsync();
            await using var skew = new NpgsqlCommand($"UPDATE pool_accounts SET stores_ours = stores_ours + 1 WHERE sid = '{parent}'", connection);
            Assert.Equal(1, await skew.ExecuteNonQueryAsync());
        }

        // The run's fetch of the foreign store takes a while; three signups reserve their slots meanwhile.
        await stack.Emulator.AddFaultAsync(new ScriptedFault { Method = "GET", PathPrefix = $"/v1/ControlPlane/Stores/{foreign.Id}", Kind = FaultKind.Delay, DelayMs = 4_000 });
        var runId = await stack.Admin.StartRunAsync(dryRun: false);
        await WaitUntilFaultUsedAsync();
        foreach (var id in new[] { "count-2", "count-3", "count-4" })
            await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = id });
        foreach (var id in new[] { "count-2", "count-3", "count-4" })
            await stack.WaitForStatusAsync(id, TenantStatus.Ready);
        var run = await stack.Admin.WaitForRunAsync(runId);

        Assert.Contains(run.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() == "CapacityMismatch");
        var pool = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts");
        var used = pool.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("sid").GetString() == parent).GetProperty("used");
        Assert.Equal(5, used.GetProperty("ours").GetInt32());
        Assert.Equal(1, used.GetProperty("foreign").GetInt32());
    }

    private async Task WaitUntilFaultUsedAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await stack.Emulator.GetFaultsAsync()).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the run never fetched the foreign store");
            await Task.Delay(20);
        }
    }
}
