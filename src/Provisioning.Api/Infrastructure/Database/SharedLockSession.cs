using System.Collections.Concurrent;
using Npgsql;

namespace Provisioning.Api.Infrastructure.Database;

/// <summary>
/// This process's try-locks, all on one PostgreSQL session: a session may hold any number of advisory locks, so a
/// thousand sagas waiting on Twilio hold one connection between them instead of one each (and the pool stays free for
/// their queries). PostgreSQL lets a session take a lock it already holds, so the process itself keeps a second
/// holder of a key out. If the session breaks, its locks are gone, exactly as a dedicated connection's would be; the
/// next acquire opens a new session.
/// </summary>
internal sealed class SharedLockSession(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    // A lock command is answered at once; one that hangs is a broken session, not a busy lock.
    private const int CommandTimeoutSeconds = 30;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<AdvisoryLockKey, byte> _held = new();
    private NpgsqlConnection? _session;
    private long _generation;

    /// <summary>The lock, or null at once when this process or any other session holds it.</summary>
    public async Task<IAsyncDisposable?> TryAcquireAsync(AdvisoryLockKey key, CancellationToken cancellationToken)
    {
        if (!_held.TryAdd(key, 0)) return null;
        var taken = false;
        try
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                taken = await TryLockAsync(key, cancellationToken);
                return taken ? new Lease(this, key, _generation) : null;
            }
            finally
            {
                _gate.Release();
            }
        }
        finally
        {
            if (!taken) _held.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// On the open session; once more on a new one when the open one turns out broken (the database restarted, an
    /// idle connection was cut): its locks are gone anyway, and the caller should not pay for finding out.
    /// </summary>
    private async Task<bool> TryLockAsync(AdvisoryLockKey key, CancellationToken cancellationToken)
    {
        for (var fresh = _session is null; ; fresh = true)
        {
            try
            {
                var session = _session ??= await OpenAsync(cancellationToken);
                // No cancellation once sent: a cancelled lock command would leave unknown whether the lock was taken.
                return await ExecuteAsync(session, "select pg_try_advisory_lock($1, $2)", key) is true;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                await ResetAsync();
                if (fresh) throw;
            }
        }
    }

    private async ValueTask ReleaseAsync(AdvisoryLockKey key, long generation)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            // A lock of a session since broken went with it.
            if (generation == _generation && _session is { } session)
                await ExecuteAsync(session, "select pg_advisory_unlock($1, $2)", key);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            await ResetAsync();
        }
        finally
        {
            _gate.Release();
            // Only now: until PostgreSQL has let go, a second holder in this process would be let in by its own session.
            _held.TryRemove(key, out _);
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var session = await dataSource.OpenConnectionAsync(cancellationToken);
        _generation++;
        return session;
    }

    private static async Task<object?> ExecuteAsync(NpgsqlConnection session, string sql, AdvisoryLockKey key)
    {
        await using var command = new NpgsqlCommand(sql, session) { CommandTimeout = CommandTimeoutSeconds };
        command.Parameters.AddWithValue(key.Space);
        command.Parameters.AddWithValue(key.Id);
        return await command.ExecuteScalarAsync(CancellationToken.None);
    }

    /// <summary>Drops a broken session: its locks are gone with it, and the leases of it release nothing.</summary>
    private async Task ResetAsync()
    {
        if (_session is null) return;
        await _session.DisposeAsync();
        _session = null;
        _generation++;
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            await ResetAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class Lease(SharedLockSession owner, AdvisoryLockKey key, long generation) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref _released, 1) == 0 ? owner.ReleaseAsync(key, generation) : ValueTask.CompletedTask;
    }
}
