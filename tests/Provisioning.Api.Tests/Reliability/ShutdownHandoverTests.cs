using System.Net.Http.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.Testing.Service;
using Provisioning.TwilioEmulator;

namespace Provisioning.Api.Tests.Reliability;

/// <summary>
/// A process stopped while its sagas wait on Twilio gives their leases back as it stops, so the next process takes the
/// tenants up at once instead of waiting for the leases to run out.
/// </summary>
public sealed class ShutdownHandoverTests
{
    private sealed class SlowOperationsStack() : ServiceProcessStack
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
        // Given back, still due: nothing holds them, so any process takes them at its next look.
        await using (var connection = new Npgsql.NpgsqlConnection(stack.ConnectionString))
        {
            await connection.OpenAsync();
            await using var held = new Npgsql.NpgsqlCommand(
                "select count(*) filter (where run_held_by is not null), count(*) filter (where run_due_at is null and status <> 'Ready') from tenants where client_id like 'handover-%'", connection);
            await using var reader = await held.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.Equal(0L, reader.GetInt64(0));
            Assert.Equal(0L, reader.GetInt64(1));
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
