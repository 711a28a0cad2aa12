using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Reliability;

/// <summary>Work whose job was lost is picked up again by the stalled-tenant watchdog.</summary>
public sealed class WatchdogTests(WatchdogTests.EagerWatchdogStack stack) : IClassFixture<WatchdogTests.EagerWatchdogStack>
{
    public sealed class EagerWatchdogStack() : ProvisioningStack(
        ("Provisioning:StalledAfter", "00:00:01"),
        ("Provisioning:WatchdogCron", "*/1 * * * * *"));

    [Fact]
    public async Task Overdue_offboarding_whose_scheduled_job_is_gone_still_completes()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "overdue-1" });
        await stack.WaitForStatusAsync("overdue-1", TenantStatus.Ready);
        using var delete = await stack.Admin.DeleteAsync("/v1/tenants/overdue-1");
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);

        // As if the grace period had passed while the scheduled job was lost (a wiped queue, say).
        await using (var connection = new NpgsqlConnection(stack.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "update tenants set deletion_due_at = now() - interval '1 hour' where client_id = 'overdue-1' and status = 'PendingDeletion'", connection);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        await stack.WaitForStatusAsync("overdue-1", TenantStatus.Deleted);
        var state = await stack.Emulator.GetStateAsync();
        Assert.DoesNotContain(state.Stores, s => s.DisplayName == "client-overdue-1");
        Assert.DoesNotContain(state.Configurations, c => c.DisplayName == "client-overdue-1");
    }
}
