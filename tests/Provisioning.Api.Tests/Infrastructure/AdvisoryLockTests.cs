using Npgsql;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Testing.Postgres;

namespace Provisioning.Api.Tests.Infrastructure;

/// <summary>
/// Tenant locks are try-locks on one shared session per process: a thousand sagas waiting on Twilio must not hold a
/// thousand connections, and the lock must still keep out a second holder, in this process or any other.
/// </summary>
public sealed class AdvisoryLockTests : IAsyncLifetime
{
    private string _connectionString = "";
    private NpgsqlDataSource _dataSource = null!;
    private AdvisoryLocks _locks = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        _dataSource = NpgsqlDataSource.Create(_connectionString);
        _locks = new AdvisoryLocks(_dataSource);
    }

    public async Task DisposeAsync()
    {
        await _locks.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    [Fact]
    public async Task A_thousand_tenant_locks_held_at_once_take_one_database_connection()
    {
        var leases = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => _locks.TryAcquireAsync(AdvisoryLockKey.ForTenant(Guid.NewGuid()), CancellationToken.None)));

        Assert.All(leases, Assert.NotNull);
        var holders = await QueryAsync("select count(distinct pid) from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())");
        Assert.Equal(1L, holders);
        Assert.Equal(1000L, await QueryAsync("select count(*) from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())"));

        foreach (var lease in leases) await lease!.DisposeAsync();
        Assert.Equal(0L, await QueryAsync("select count(*) from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())"));
    }

    [Fact]
    public async Task A_held_tenant_lock_keeps_out_this_process_and_every_other_session_until_released()
    {
        var key = AdvisoryLockKey.ForTenant(Guid.NewGuid());
        await using var otherProcess = new AdvisoryLocks(_dataSource);

        var lease = await _locks.TryAcquireAsync(key, CancellationToken.None);
        Assert.NotNull(lease);
        // PostgreSQL would grant the shared session its own lock again: the process must refuse it itself.
        Assert.Null(await _locks.TryAcquireAsync(key, CancellationToken.None));
        Assert.Null(await otherProcess.TryAcquireAsync(key, CancellationToken.None));

        await lease.DisposeAsync();
        await using var taken = await otherProcess.TryAcquireAsync(key, CancellationToken.None);
        Assert.NotNull(taken);
        Assert.Null(await _locks.TryAcquireAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task Locks_of_a_broken_session_are_gone_and_the_next_acquire_opens_a_new_one()
    {
        var key = AdvisoryLockKey.ForTenant(Guid.NewGuid());
        var lease = await _locks.TryAcquireAsync(key, CancellationToken.None);
        Assert.NotNull(lease);

        await QueryAsync("select count(pg_terminate_backend(pid)) from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())");
        await using var otherProcess = new AdvisoryLocks(_dataSource);
        await using (var stolen = await otherProcess.TryAcquireAsync(key, CancellationToken.None))
            Assert.NotNull(stolen); // the killed session took its lock with it

        // The next lock comes from a fresh session, and releasing the dead lease neither throws nor frees another's.
        await using (var fresh = await _locks.TryAcquireAsync(AdvisoryLockKey.ForTenant(Guid.NewGuid()), CancellationToken.None))
            Assert.NotNull(fresh);
        await lease.DisposeAsync();
        await using var again = await _locks.TryAcquireAsync(key, CancellationToken.None);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task Two_hundred_waiters_for_one_blocking_lock_hold_one_connection_and_each_gets_it_in_turn()
    {
        var holder = await _locks.AcquireAsync(AdvisoryLockKey.PoolGrowth, CancellationToken.None);
        var inside = 0;
        var overlapped = false;
        var waiters = Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            await using var lease = await _locks.AcquireAsync(AdvisoryLockKey.PoolGrowth, CancellationToken.None);
            if (Interlocked.Increment(ref inside) > 1) overlapped = true;
            await Task.Yield();
            Interlocked.Decrement(ref inside);
        })).ToList();
        await Task.Delay(500);

        // The holder's connection and one waiter's: the other 199 wait in memory (the pool holds 100).
        Assert.InRange(await QueryAsync("select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()"), 1L, 2L);
        await holder.DisposeAsync();
        await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(overlapped);
    }

    private async Task<long> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
