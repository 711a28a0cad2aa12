using System.Net;
using System.Net.Http.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator;

namespace Provisioning.Api.Tests.Reliability;

/// <summary>
/// Twilio at its worst, all at once: 20% of requests fail with 429/500/503, 5% of writes are carried out but
/// answered 503 (lost acknowledgements), and reads lag writes by 2 s.
/// </summary>
public sealed class RandomFaultTests(RandomFaultTests.FaultyTwilioStack stack) : IClassFixture<RandomFaultTests.FaultyTwilioStack>
{
    public sealed class FaultyTwilioStack : ProvisioningStack
    {
        protected override void ConfigureEmulator(EmulatorOptions emulator)
        {
            base.ConfigureEmulator(emulator);
            emulator.ErrorRate = 0.20;
            emulator.ErrorStatusCodes = [429, 500, 503];
            emulator.LostAcknowledgementRate = 0.05;
            emulator.LostAcknowledgementStatus = 503;
            emulator.EventualConsistencyWindowMs = 2000;
        }

        protected override Dictionary<string, string?> ServiceSettings()
        {
            var settings = base.ServiceSettings();
            settings["Twilio:ConsistencyWindow"] = "00:00:02.500";
            settings["Provisioning:MaxAttempts"] = "12";
            settings["Provisioning:RetryMaxDelay"] = "00:00:02";
            return settings;
        }
    }

    [Fact]
    public async Task Fifty_signups_all_reach_Ready_with_no_duplicate_no_orphan_and_the_cap_kept()
    {
        var clientIds = Enumerable.Range(1, 50).Select(i => $"chaos-{i:D2}").ToList();
        var responses = new List<HttpResponseMessage>();
        foreach (var id in clientIds)
        {
            // The signup API has no Twilio in its path, so faults at Twilio never reach the caller.
            responses.Add(await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = id }));
        }
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));

        var tenants = new List<TenantView>();
        foreach (var id in clientIds)
            tenants.Add(await stack.WaitForStatusAsync(id, TenantStatus.Ready, TimeSpan.FromSeconds(180)));

        var state = await stack.Emulator.GetStateAsync();
        // No duplicates: one store per tenant name, and it is the one the tenant recorded.
        foreach (var tenant in tenants)
        {
            var store = Assert.Single(state.Stores, s => s.DisplayName == tenant.MemoryStoreName);
            Assert.Equal(store.Id, tenant.MemoryStoreId);
            Assert.Equal(store.AccountSid, tenant.AccountSid);
            var configuration = Assert.Single(state.Configurations, c => c.MemoryStoreId == store.Id);
            Assert.Equal(configuration.Id, tenant.OrchestratorConfigurationId);
        }
        // No orphans: every store and configuration at Twilio belongs to a tenant.
        Assert.Equal(tenants.Count, state.Stores.Count);
        Assert.Equal(tenants.Count, state.Configurations.Count);
        // The cap was never exceeded in any account.
        Assert.All(state.Stores.GroupBy(s => s.AccountSid), g => Assert.True(g.Count() <= 15));

        var requests = await stack.Emulator.GetRequestsAsync();
        Assert.Contains(requests, r => r.Status == 503);
        Assert.Contains(requests, r => r.Status == 429);
    }
}
