using System.Net.Http.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>
/// A saga waiting on Twilio (an operation, an ACTIVE store, a Retry-After) holds no Hangfire worker: with a single
/// worker, ten signups all get their stores created while the first is still waiting, instead of one after another.
/// </summary>
public sealed class WorkerFreeWaitTests(WorkerFreeWaitTests.OneWorkerStack stack) : IClassFixture<WorkerFreeWaitTests.OneWorkerStack>
{
    public sealed class OneWorkerStack() : ProvisioningStack(("Jobs:WorkerCount", "1"), ("AccountPool:HeadroomSlots", "0"))
    {
        protected override void ConfigureEmulator(EmulatorOptions emulator)
        {
            base.ConfigureEmulator(emulator);
            emulator.OperationDelayMs = 6000;
            emulator.StoreActivationDelayMs = 1000;
        }
    }

    [Fact]
    public async Task With_one_worker_ten_sagas_wait_on_Twilio_at_the_same_time_and_all_end_Ready()
    {
        var ids = Enumerable.Range(0, 10).Select(i => $"one-worker-{i}").ToList();
        foreach (var id in ids) await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = id });

        // Held workers would create the second store only once the first tenant is Ready (6 s of operation later).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await stack.Emulator.GetStateAsync()).Stores.Count(s => s.DisplayName.StartsWith("client-one-worker-", StringComparison.Ordinal)) < ids.Count)
        {
            Assert.True(DateTime.UtcNow < deadline, "the stores were never all created");
            await Task.Delay(50);
        }
        var statuses = await Task.WhenAll(ids.Select(id => stack.ControlPlane.GetFromJsonAsync<TenantView>($"/v1/tenants/{id}")));
        Assert.DoesNotContain(statuses, t => t!.Status == nameof(TenantStatus.Ready));

        foreach (var id in ids) await stack.WaitForStatusAsync(id, TenantStatus.Ready, TimeSpan.FromSeconds(60));
    }
}
