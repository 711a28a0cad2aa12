using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Runs;

/// <summary>
/// The tenant row says what is due and who holds it until when; one read of the tenant says why it is or is not
/// running. The stack's own process serves the API only, so nothing runs until the test starts a worker.
/// </summary>
public sealed class RunStateTests(RunStateTests.ApiOnlyStack stack) : IClassFixture<RunStateTests.ApiOnlyStack>
{
    public sealed class ApiOnlyStack() : ProvisioningStack(("Service:Role", "Api"))
    {
        public ProvisioningHost StartWorker()
        {
            var settings = new Dictionary<string, string?>(Host.Settings) { ["Service:Role"] = "All" };
            var worker = new ProvisioningHost(settings);
            worker.StartServer();
            return worker;
        }
    }

    [Fact]
    public async Task Due_overdue_and_held_runs_are_visible_and_a_worker_takes_up_due_and_expired_but_never_live_leases()
    {
        foreach (var id in new[] { "due-1", "held-live", "held-dead" })
            (await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = id })).EnsureSuccessStatusCode();

        var due = await RunAsync("due-1");
        Assert.Equal("Due", due.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, due.GetProperty("heldBy").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, due.GetProperty("dueAt").ValueKind);

        // Due for over a minute with no live lease: overdue, and listed as such.
        await SqlAsync("update tenants set run_due_at = now() - interval '2 minutes' where client_id = 'due-1'");
        // Held by a process that renews its lease; held by one whose lease ran out (killed).
        await SqlAsync("update tenants set run_held_by = 'elsewhere/1/live', run_held_until = now() + interval '1 hour' where client_id = 'held-live'");
        await SqlAsync("update tenants set run_held_by = 'elsewhere/2/dead', run_held_until = now() - interval '1 second' where client_id = 'held-dead'");

        Assert.Equal("Overdue", (await RunAsync("due-1")).GetProperty("state").GetString());
        Assert.Equal("Running", (await RunAsync("held-live")).GetProperty("state").GetString());
        Assert.Equal(["due-1"], await ListAsync("overdue"));
        Assert.Equal(["held-live"], await ListAsync("running"));

        await using var worker = stack.StartWorker();
        await stack.WaitForStatusAsync("due-1", TenantStatus.Ready);
        await stack.WaitForStatusAsync("held-dead", TenantStatus.Ready);
        var live = await RunAsync("held-live");
        Assert.Equal("elsewhere/1/live", live.GetProperty("heldBy").GetString());
        Assert.Equal("Pending", (await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/held-live")).GetProperty("status").GetString());

        // Its holder stops renewing: the lease runs out, and the worker takes the tenant up.
        await SqlAsync("update tenants set run_held_until = now() where client_id = 'held-live'");
        await stack.WaitForStatusAsync("held-live", TenantStatus.Ready);
        Assert.Equal("Idle", (await RunAsync("held-live")).GetProperty("state").GetString());
        Assert.Empty(await ListAsync("overdue"));
    }

    [Fact]
    public async Task An_unknown_run_filter_is_a_400()
    {
        using var response = await stack.ControlPlane.GetAsync("/v1/tenants?run=late");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<JsonElement> RunAsync(string clientId) =>
        (await stack.ControlPlane.GetFromJsonAsync<JsonElement>($"/v1/tenants/{clientId}")).GetProperty("run");

    private async Task<List<string>> ListAsync(string run) =>
        (await stack.ControlPlane.GetFromJsonAsync<JsonElement>($"/v1/tenants?run={run}")).GetProperty("items").EnumerateArray()
        .Select(t => t.GetProperty("clientId").GetString()!).ToList();

    private async Task SqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
