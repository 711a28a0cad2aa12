using System.Net;
using Npgsql;
using Provisioning.Api.Infrastructure.Jobs;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Infrastructure;

/// <summary>
/// A process SIGKILLed while Hangfire triggered a recurring job leaves that job's lock row behind. The next
/// process must start regardless and take the recurring jobs over once the row is recognisably stale.
/// </summary>
public sealed class RecurringJobsTests(RecurringJobsTests.ShortStaleLockStack stack) : IClassFixture<RecurringJobsTests.ShortStaleLockStack>
{
    private const string RetentionJobKey = $"recurring-job:{FailedTenantRetention.RecurringJobId}";

    // Hangfire.PostgreSql prefixes the lock Hangfire asks for ("lock:recurring-job:<id>") with its schema.
    private const string RetentionLock = $"{HangfireServiceCollectionExtensions.Schema}:lock:{RetentionJobKey}";

    public sealed class ShortStaleLockStack() : ProvisioningStack(
        // Long enough that the new host is surely up, and checked, while the planted lock still counts as live.
        ("Jobs:StaleLockTimeout", "00:00:08"),
        ("Jobs:RegistrationRetryInterval", "00:00:00.200"));

    [Fact]
    public async Task A_lock_left_by_a_killed_process_delays_the_recurring_jobs_but_not_the_start()
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        // What a process killed inside Hangfire's recurring-job trigger leaves: the job's lock, just taken.
        // The stack's own host registers in the background too: let it finish, so that the new host's schedule is
        // the last one written.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (await ScalarAsync(connection, CronQuery) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the stack's host never registered the retention job");
            await Task.Delay(50);
        }
        // It may still hold the lock for a moment (or be triggering the job): plant it once free.
        while (await ExecuteAsync(connection, "insert into hangfire.lock (resource, acquired) values (@resource, now() at time zone 'utc') on conflict do nothing") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the retention job's lock never came free");
            await Task.Delay(50);
        }

        // A new deployment with a different retention schedule starts while the dead process's lock stands.
        const string newCron = "*/7 * * * *";
        var settings = new Dictionary<string, string?>(stack.Host.Settings) { ["Provisioning:RetentionCron"] = newCron };
        await using var next = new ProvisioningHost(settings);
        using var health = await next.CreateClient(apiKey: null).GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(1L, await ScalarAsync(connection, "select count(*) from hangfire.lock where resource = @resource"));
        Assert.NotEqual(newCron, await ScalarAsync(connection, CronQuery));

        // Once the lock is older than Jobs:StaleLockTimeout it is cleared, and the new schedule is registered.
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!Equals(await ScalarAsync(connection, CronQuery), newCron) && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Equal(newCron, await ScalarAsync(connection, CronQuery));
    }

    private const string CronQuery = "select value from hangfire.hash where key = @job and field = 'Cron'";

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = Command(connection, sql);
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = Command(connection, sql);
        return await command.ExecuteScalarAsync();
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql) =>
        new(sql, connection) { Parameters = { new("resource", RetentionLock), new("job", RetentionJobKey) } };
}
