using System.Net.Http.Json;
using Npgsql;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>
/// The SignupDispatcher enqueues a signup's onboarding before it commits its mark on the tenant row. A worker
/// that starts the job in between must wait for that commit, not trip over it and lose seconds to a retry.
/// </summary>
public sealed class SignupDispatchTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    [Fact]
    public async Task An_onboarding_that_starts_before_the_dispatcher_commits_runs_once_without_failing()
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        // Widen the window: the dispatcher's mark now takes half a second to commit, its job already enqueued.
        await ExecuteAsync(connection, """
            create function slow_dispatch_mark() returns trigger language plpgsql as $$ begin perform pg_sleep(0.5); return new; end $$;
            create trigger slow_dispatch_mark before update of onboarding_dispatched_at on tenants for each row
              when (old.onboarding_dispatched_at is null and new.onboarding_dispatched_at is not null)
              execute function slow_dispatch_mark();
            """);
        try
        {
            await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "dispatch-race-1" });
            await stack.WaitForStatusAsync("dispatch-race-1", TenantStatus.Ready);
        }
        finally
        {
            await ExecuteAsync(connection, "drop trigger slow_dispatch_mark on tenants; drop function slow_dispatch_mark();");
        }

        // Hangfire's history of the tenant's onboarding job(s), once Hangfire has recorded the run's end (just
        // after the tenant turned Ready): one run, and nothing failed.
        var history = await JobHistoryAsync(connection, "dispatch-race-1");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!history.Contains("Succeeded") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            history = await JobHistoryAsync(connection, "dispatch-race-1");
        }
        Assert.Equal(["Enqueued", "Processing", "Succeeded"], history);
    }

    private static async Task<List<string>> JobHistoryAsync(NpgsqlConnection connection, string clientId)
    {
        await using var states = new NpgsqlCommand("""
            select s.name from hangfire.job j join hangfire.state s on s.jobid = j.id
            join tenants t on j.arguments::text like '%' || t.id::text || '%'
            where t.client_id = @clientId order by s.id
            """, connection) { Parameters = { new("clientId", clientId) } };
        var history = new List<string>();
        await using var reader = await states.ExecuteReaderAsync();
        while (await reader.ReadAsync()) history.Add(reader.GetString(0));
        return history;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
