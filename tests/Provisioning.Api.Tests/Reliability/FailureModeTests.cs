using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.Api.Tests.Reliability;

/// <summary>Each Twilio failure mode of the contract, one at a time, and what the service does about it.</summary>
public sealed class FailureModeTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => stack.Emulator.ClearFaultsAsync();

    [Fact]
    public async Task Throttled_store_create_is_retried_no_sooner_than_Retry_After()
    {
        await stack.Emulator.AddFaultAsync(new ScriptedFault
        {
            Method = "POST", PathPrefix = "/v1/ControlPlane/Stores", Kind = FaultKind.Status, Status = 429, RetryAfterSeconds = 2, Times = 1,
        });

        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "throttled-1" });
        await stack.WaitForStatusAsync("throttled-1", TenantStatus.Ready);

        var creates = await StoreCreatesAsync("client-throttled-1");
        Assert.Equal([429, 202], creates.Select(r => r.Status));
        Assert.True(creates[1].Time - creates[0].Time >= TimeSpan.FromSeconds(1.9), $"retried after {creates[1].Time - creates[0].Time}");
        Assert.Single((await stack.Emulator.GetStateAsync()).Stores, s => s.DisplayName == "client-throttled-1");
    }

    [Fact]
    public async Task Store_create_whose_reply_never_comes_is_found_again_not_repeated()
    {
        // Twilio creates the store, then the connection hangs until our per-call timeout gives up.
        await stack.Emulator.AddFaultAsync(new ScriptedFault
        {
            Method = "POST", PathPrefix = "/v1/ControlPlane/Stores", Kind = FaultKind.LostAcknowledgement, Hang = true, DelayMs = 10_000, Times = 1,
        });

        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "lost-ack-1" });
        var ready = await stack.WaitForStatusAsync("lost-ack-1", TenantStatus.Ready);

        var store = Assert.Single((await stack.Emulator.GetStateAsync()).Stores, s => s.DisplayName == "client-lost-ack-1");
        Assert.Equal(store.Id, ready.MemoryStoreId);
        Assert.Single(await StoreCreatesAsync("client-lost-ack-1"));
    }

    [Fact]
    public async Task Configuration_create_whose_reply_is_lost_is_replayed_by_its_Idempotency_Key()
    {
        await stack.Emulator.AddFaultAsync(new ScriptedFault
        {
            Method = "POST", PathPrefix = "/v2/ControlPlane/Configurations", Kind = FaultKind.LostAcknowledgement, Status = 503, Times = 2,
        });

        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "config-ack-1" });
        var ready = await stack.WaitForStatusAsync("config-ack-1", TenantStatus.Ready);

        var configuration = Assert.Single((await stack.Emulator.GetStateAsync()).Configurations, c => c.MemoryStoreId == ready.MemoryStoreId);
        Assert.Equal(configuration.Id, ready.OrchestratorConfigurationId);
        var posts = (await stack.Emulator.GetRequestsAsync()).Where(r => r.Path == "/v2/ControlPlane/Configurations" && r.Body?.Contains(ready.MemoryStoreId!) == true).ToList();
        Assert.True(posts.Count >= 3);
        Assert.Single(posts.Select(p => p.IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task Auth_error_fails_at_once_with_the_reason_and_an_admin_retry_resumes()
    {
        await stack.Emulator.AddFaultAsync(new ScriptedFault
        {
            Method = "POST", PathPrefix = "/v2/ControlPlane/Configurations", Kind = FaultKind.Status, Status = 401, Times = 1,
        });

        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "auth-fail-1" });
        var failed = await stack.WaitForStatusAsync("auth-fail-1", TenantStatus.Failed);

        Assert.Contains("401", failed.LastError);
        Assert.NotNull(failed.MemoryStoreId);
        Assert.Single(await stack.Emulator.GetRequestsAsync(), r => r.Path == "/v2/ControlPlane/Configurations" && r.Body?.Contains(failed.MemoryStoreId!) == true);

        using var retry = await stack.Admin.PostAsync("/v1/tenants/auth-fail-1/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var ready = await stack.WaitForStatusAsync("auth-fail-1", TenantStatus.Ready);

        Assert.Equal(failed.MemoryStoreId, ready.MemoryStoreId); // resumed from where it stopped
        Assert.Single(await StoreCreatesAsync("client-auth-fail-1"));
        Assert.Single((await stack.Emulator.GetStateAsync()).Configurations, c => c.MemoryStoreId == ready.MemoryStoreId);
    }

    [Fact]
    public async Task Persistent_server_errors_exhaust_the_retry_budget_then_Failed_shows_the_last_error()
    {
        await stack.Emulator.AddFaultAsync(new ScriptedFault
        {
            Method = "POST", PathPrefix = "/v2/ControlPlane/Configurations", Kind = FaultKind.Status, Status = 500, Times = 1000,
        });

        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "budget-1" });
        var failed = await stack.WaitForStatusAsync("budget-1", TenantStatus.Failed, TimeSpan.FromSeconds(60));

        Assert.Contains("Gave up after 4 attempts", failed.LastError);
        Assert.Contains("500", failed.LastError);
        await stack.Emulator.ClearFaultsAsync();

        using var retry = await stack.Admin.PostAsync("/v1/tenants/budget-1/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var ready = await stack.WaitForStatusAsync("budget-1", TenantStatus.Ready);
        Assert.Single((await stack.Emulator.GetStateAsync()).Configurations, c => c.MemoryStoreId == ready.MemoryStoreId);
    }

    [Fact]
    public async Task Retry_of_a_tenant_that_is_not_Failed_is_a_409()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "not-failed-1" });
        await stack.WaitForStatusAsync("not-failed-1", TenantStatus.Ready);

        using var retry = await stack.Admin.PostAsync("/v1/tenants/not-failed-1/retry", null);

        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
    }

    [Fact]
    public async Task Runs_asked_for_again_and_again_while_one_runs_never_interleave_and_make_nothing_twice()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "twice-1" });
        var tenantId = await TenantIdAsync("twice-1");
        // Commands asking for runs of a tenant that is running (a PATCH, a retry, a duplicate trigger): each moves the
        // due time while a second host looks for due work too.
        await stack.AddHostAsync();
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        for (var i = 0; i < 20; i++)
        {
            await using var again = new NpgsqlCommand("update tenants set run_due_at = clock_timestamp() where id = $1 and status <> 'Ready'", connection);
            again.Parameters.AddWithValue(tenantId);
            await again.ExecuteNonQueryAsync();
            await Task.Delay(50);
        }

        var ready = await stack.WaitForStatusAsync("twice-1", TenantStatus.Ready);
        await Eventually.HoldsAsync(async () => (await RunStateAsync("twice-1")) == "Idle", "the runs asked for meanwhile ran and left nothing due");

        Assert.Single(await StoreCreatesAsync("client-twice-1"));
        Assert.Single((await stack.Emulator.GetStateAsync()).Configurations, c => c.MemoryStoreId == ready.MemoryStoreId);
        Assert.Single(await stack.Emulator.GetRequestsAsync(), r => r.Method == "POST" && r.Path == "/v2/ControlPlane/Configurations" && r.Body?.Contains(ready.MemoryStoreId!) == true);
    }

    private async Task<string?> RunStateAsync(string clientId) =>
        (await stack.ControlPlane.GetFromJsonAsync<System.Text.Json.JsonElement>($"/v1/tenants/{clientId}")).GetProperty("run").GetProperty("state").GetString();

    private async Task<List<Provisioning.TwilioEmulator.Admin.LoggedRequest>> StoreCreatesAsync(string storeName) =>
        (await stack.Emulator.GetRequestsAsync()).Where(r => r.Method == "POST" && r.Path == "/v1/ControlPlane/Stores" && r.Body?.Contains($"\"{storeName}\"") == true).ToList();

    private async Task<Guid> TenantIdAsync(string clientId)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select id from tenants where client_id = $1", connection);
        command.Parameters.AddWithValue(clientId);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }
}
