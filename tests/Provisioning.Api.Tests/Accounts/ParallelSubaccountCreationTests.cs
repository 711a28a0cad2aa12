using System.Net;
using System.Net.Http.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.Api.Tests.Accounts;

/// <summary>
/// A burst that needs many subaccounts gets them several at a time (AccountPool:MaxParallelSubaccountCreations), not
/// one after another, and a create whose reply is lost still makes exactly one subaccount.
/// </summary>
public sealed class ParallelSubaccountCreationTests(ParallelSubaccountCreationTests.SlowTwilioStack stack) : IClassFixture<ParallelSubaccountCreationTests.SlowTwilioStack>
{
    public const int LatencyMs = 300;
    public const int MaxParallel = 6;

    /// <summary>One tenant an account, every Twilio call 300 ms, no headroom: each signup but the first needs a subaccount of its own.</summary>
    public sealed class SlowTwilioStack() : ProvisioningStack(
        ("Twilio:StoreCapPerAccount", "1"),
        ("Twilio:MaxSubaccounts", "50"),
        ("AccountPool:HeadroomSlots", "0"),
        ("AccountPool:MaxParallelSubaccountCreations", MaxParallel.ToString()))
    {
        protected override void ConfigureEmulator(EmulatorOptions emulator)
        {
            base.ConfigureEmulator(emulator);
            emulator.LatencyMs = LatencyMs;
        }
    }

    [Fact]
    public async Task A_burst_needing_sixteen_subaccounts_creates_them_several_at_once_and_a_lost_reply_makes_no_second_one()
    {
        // The first two creates are carried out but their replies lost.
        await stack.Emulator.AddFaultAsync(new ScriptedFault
        {
            Method = "POST", PathPrefix = "/2010-04-01/Accounts.json", Kind = FaultKind.LostAcknowledgement, Status = 503, Times = 2,
        });
        var clientIds = Enumerable.Range(1, 17).Select(i => $"burst-{i:D2}").ToList();
        await Task.WhenAll(clientIds.Select(async id =>
        {
            using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = id });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }));
        var tenants = await Task.WhenAll(clientIds.Select(id => stack.WaitForStatusAsync(id, TenantStatus.Ready, TimeSpan.FromSeconds(120))));
        Assert.Equal(17, tenants.Select(t => t.AccountSid).Distinct().Count());

        // Sixteen subaccounts, one create each: the two whose reply was lost were found by name and adopted, not made again.
        var state = await stack.Emulator.GetStateAsync();
        var subaccounts = state.Accounts.Where(a => a.Sid != stack.Emulator.ParentAccountSid).ToList();
        Assert.Equal(16, subaccounts.Count);
        Assert.Equal(16, subaccounts.Select(a => a.FriendlyName).Distinct().Count());
        var creates = (await stack.Emulator.GetRequestsAsync()).Where(r => r.Method == "POST" && r.Path == "/2010-04-01/Accounts.json").ToList();
        Assert.Equal(16, creates.Count);
        Assert.Contains(stack.Logs, l => l.Contains("adopted after a lost reply: True", StringComparison.Ordinal));

        // Several creates were in flight together (each takes 300 ms), never more than the configured bound.
        var together = creates.Max(c => creates.Count(o => o.Time >= c.Time && o.Time < c.Time.AddMilliseconds(LatencyMs)));
        Assert.InRange(together, 3, MaxParallel);
    }
}
