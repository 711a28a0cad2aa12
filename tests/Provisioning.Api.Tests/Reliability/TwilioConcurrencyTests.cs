using System.Net.Http.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator;

namespace Provisioning.Api.Tests.Reliability;

/// <summary>
/// Twilio answers 429 past a number of requests in flight per account. A burst of signups in one account queues
/// inside the service at that number (Twilio__MaxConcurrentRequestsPerAccount) instead of drawing 429s.
/// </summary>
public sealed class TwilioConcurrencyTests(TwilioConcurrencyTests.ConcurrencyLimitedStack stack) : IClassFixture<TwilioConcurrencyTests.ConcurrencyLimitedStack>
{
    public sealed class ConcurrencyLimitedStack() : ProvisioningStack(("Twilio:MaxConcurrentRequestsPerAccount", "2"))
    {
        protected override void ConfigureEmulator(EmulatorOptions emulator)
        {
            base.ConfigureEmulator(emulator);
            emulator.LatencyMs = 50;
            emulator.MaxConcurrentRequestsPerAccount = 2;
        }
    }

    [Fact]
    public async Task A_burst_in_one_account_stays_within_Twilios_concurrency_and_every_tenant_gets_Ready()
    {
        var since = await stack.Emulator.GetLastRequestSequenceAsync();
        var ids = Enumerable.Range(0, 8).Select(i => $"burst-{i}").ToList();

        await Task.WhenAll(ids.Select(id => stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = id })));
        foreach (var id in ids) await stack.WaitForStatusAsync(id, TenantStatus.Ready, TimeSpan.FromSeconds(60));

        var log = await stack.Emulator.GetRequestsAsync(since);
        Assert.Contains(log, r => r.Path == "/v1/ControlPlane/Stores" && r.Method == "POST");
        Assert.DoesNotContain(log, r => r.Status == 429);
    }
}
