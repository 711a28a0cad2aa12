using System.Net.Http.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.Testing.Service;
using Provisioning.TwilioEmulator;

namespace Provisioning.Api.Tests.Reliability;

/// <summary>
/// Sagas run as tasks of their worker process, not on Hangfire workers: a process stopped while they wait on Twilio
/// hands every unfinished tenant back to the job queue, so the next process finishes them at once, not at the
/// watchdog's next look (an hour away here).
/// </summary>
public sealed class ShutdownHandoverTests
{
    private sealed class SlowOperationsStack() : ServiceProcessStack(("Provisioning:StalledAfter", "01:00:00"))
    {
        protected override void ConfigureEmulator(EmulatorOptions emulator)
        {
            base.ConfigureEmulator(emulator);
            emulator.OperationDelayMs = 4000;
        }
    }

    [Fact]
    public async Task A_worker_stopped_while_sagas_wait_hands_them_over_and_the_next_process_finishes_them()
    {
        await using var stack = new SlowOperationsStack();
        await stack.InitializeAsync();
        var ids = Enumerable.Range(0, 5).Select(i => $"handover-{i}").ToList();

        await using (var first = await ServiceProcess.StartAsync(stack.Settings))
        {
            using var client = first.CreateClient(ProvisioningStack.AdminKey);
            foreach (var id in ids) (await client.PostAsJsonAsync("/v1/tenants", new { clientId = id })).EnsureSuccessStatusCode();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while ((await stack.Emulator.GetStateAsync()).Stores.Count(s => s.DisplayName.StartsWith("client-handover-", StringComparison.Ordinal)) < ids.Count)
            {
                Assert.True(DateTime.UtcNow < deadline, "the sagas never got to their stores");
                await Task.Delay(50);
            }
            await first.StopAsync(TimeSpan.FromSeconds(30));
        }

        await using var second = await ServiceProcess.StartAsync(stack.Settings);
        using var admin = second.CreateClient(ProvisioningStack.AdminKey);
        foreach (var id in ids)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            TenantView? tenant;
            while ((tenant = await admin.GetFromJsonAsync<TenantView>($"/v1/tenants/{id}"))!.Status != nameof(TenantStatus.Ready))
            {
                Assert.True(DateTime.UtcNow < deadline, $"{id} was not finished after the handover: {tenant}\n{second.Output}");
                await Task.Delay(100);
            }
        }
        var state = await stack.Emulator.GetStateAsync();
        foreach (var id in ids) Assert.Single(state.Stores, s => s.DisplayName == $"client-{id}");
    }
}
