using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.Testing.Service;
using Provisioning.TwilioEmulator;

namespace Provisioning.Api.Tests.Reliability;

/// <summary>
/// Processes SIGKILLed in the middle of a burst, with Twilio failing a fifth of its requests, and the service at its
/// shipped settings: no lease, sweep, retry delay or retry budget is shortened here. A killed process's tenants are
/// taken up once their leases run out (Provisioning:RunLease, 30 s), by a restarted process or by the survivor.
/// </summary>
public sealed class KillRecoveryTests
{
    /// <summary>The test settings that shorten waits and budgets are removed: the service runs with its defaults.</summary>
    private sealed class ShippedDefaultsStack(int operationDelayMs = 2000) : ServiceProcessStack
    {
        private static readonly string[] Shortened =
        [
            "Provisioning:MaxAttempts", "Provisioning:RetryBaseDelay", "Provisioning:RetryMaxDelay", "Provisioning:PollInterval",
            "Provisioning:StepTimeout", "AccountPool:CapacityRetryInterval", "Twilio:ConsistencyWindow", "Twilio:RequestTimeout",
        ];

        protected override void ConfigureEmulator(EmulatorOptions emulator)
        {
            base.ConfigureEmulator(emulator);
            emulator.ErrorRate = 0.20;
            emulator.ErrorStatusCodes = [429, 500, 503];
            // Slow enough that the kill lands while sagas wait on Twilio's operations.
            emulator.OperationDelayMs = operationDelayMs;
        }

        protected override Dictionary<string, string?> ServiceSettings()
        {
            var settings = base.ServiceSettings();
            foreach (var key in Shortened) settings.Remove(key);
            return settings;
        }
    }

    [Fact]
    public async Task A_process_SIGKILLed_mid_burst_and_restarted_has_every_tenant_Ready_within_60_s_of_the_restart()
    {
        await using var stack = new ShippedDefaultsStack();
        await stack.InitializeAsync();
        var ids = Enumerable.Range(1, 20).Select(i => $"killed-{i:D2}").ToList();

        var victim = await ServiceProcess.StartAsync(stack.Settings);
        try
        {
            await SignUpAsync(victim, ids);
            await WaitUntilHeldAsync(stack, victim.ProcessId, atLeast: 5);
        }
        finally
        {
            await victim.KillAsync();
        }

        await using var restarted = await ServiceProcess.StartAsync(stack.Settings);
        var restartedAt = Stopwatch.StartNew();
        await AssertAllReadyAsync(stack, restarted, ids, TimeSpan.FromSeconds(60), restartedAt, victim.Output);
    }

    [Fact]
    public async Task With_two_processes_one_SIGKILLed_for_good_mid_burst_every_tenant_is_Ready_within_90_s()
    {
        // Operations slow enough that the first process still holds runs once the second has started.
        await using var stack = new ShippedDefaultsStack(operationDelayMs: 5000);
        await stack.InitializeAsync();
        var first = Enumerable.Range(1, 15).Select(i => $"survived-{i:D2}").ToList();
        var second = Enumerable.Range(16, 15).Select(i => $"survived-{i:D2}").ToList();

        var victim = await ServiceProcess.StartAsync(stack.Settings);
        ServiceProcess? survivor = null;
        try
        {
            await SignUpAsync(victim, first);
            await WaitUntilHeldAsync(stack, victim.ProcessId, atLeast: 3);
            survivor = await ServiceProcess.StartAsync(stack.Settings);
            await SignUpAsync(survivor, second);
            await WaitUntilHeldAsync(stack, victim.ProcessId, atLeast: 1);
        }
        finally
        {
            await victim.KillAsync();
        }

        await using (survivor)
        {
            var killedAt = Stopwatch.StartNew();
            await AssertAllReadyAsync(stack, survivor!, [.. first, .. second], TimeSpan.FromSeconds(90), killedAt, victim.Output);
        }
    }

    private static async Task SignUpAsync(ServiceProcess service, IEnumerable<string> ids)
    {
        using var client = service.CreateClient(ProvisioningStack.ControlPlaneKey);
        foreach (var id in ids)
        {
            using var response = await client.PostAsJsonAsync("/v1/tenants", new { clientId = id });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
    }

    /// <summary>Waits until the process holds runs (its holder name carries its pid): the kill then strands them.</summary>
    private static async Task WaitUntilHeldAsync(ProvisioningStack stack, int processId, int atLeast)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await Eventually.HoldsAsync(async () =>
        {
            await using var command = new NpgsqlCommand("select count(*) from tenants where run_held_by like '%/' || $1 || '/%'", connection);
            command.Parameters.AddWithValue(processId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return (long)(await command.ExecuteScalarAsync())! >= atLeast;
        }, $"process {processId} holding {atLeast} runs");
    }

    private static async Task AssertAllReadyAsync(ProvisioningStack stack, ServiceProcess service, IReadOnlyList<string> ids, TimeSpan within, Stopwatch since,
        string killedOutput)
    {
        using var client = service.CreateClient(ProvisioningStack.AdminKey);
        foreach (var id in ids)
        {
            TenantView? tenant;
            while ((tenant = await client.GetFromJsonAsync<TenantView>($"/v1/tenants/{id}"))!.Status != nameof(TenantStatus.Ready))
            {
                Assert.NotEqual(nameof(TenantStatus.Failed), tenant.Status);
                Assert.True(since.Elapsed < within,
                    $"{id} not Ready {within.TotalSeconds} s after the kill: {tenant}\n--- killed ---\n{Tail(killedOutput)}\n--- running ---\n{Tail(service.Output)}");
                await Task.Delay(200);
            }
        }
        var state = await stack.Emulator.GetStateAsync();
        foreach (var id in ids) Assert.Single(state.Stores, s => s.DisplayName == $"client-{id}");
    }

    private static string Tail(string output, int lines = 40) => string.Join('\n', output.Split('\n').TakeLast(lines));
}
