using System.Collections.Concurrent;
using Npgsql;

namespace Provisioning.Api.Infrastructure.Database;

/// <summary>
/// PostgreSQL session advisory locks: the fence between every process and Hangfire server on the database.
/// A lock lives exactly as long as the connection holding it, so a killed process releases its locks.
/// </summary>
public sealed class AdvisoryLocks(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private readonly SharedLockSession _shared = new(dataSource);
    // A few fixed keys take blocking locks (pool growth, key rotation, slot reservation): one semaphore each, for the process's life.
    private readonly ConcurrentDictionary<AdvisoryLockKey, SemaphoreSlim> _turns = new();

    /// <summary>
    /// The lock, or null at once when someone else holds it. Try-locks (one per running saga) share one session, so
    /// holding many of them costs no connections.
    /// </summary>
    public Task<IAsyncDisposable?> TryAcquireAsync(AdvisoryLockKey key, CancellationToken cancellationToken) =>
        _shared.TryAcquireAsync(key, cancellationToken);

    /// <summary>
    /// The lock, waiting for it as long as it takes (or until cancelled), on a connection of its own: a wait on the
    /// shared session would stall every other lock of the process. Waiters of this process queue for a key in memory
    /// first, so that a burst of sagas waiting to grow the pool holds one connection, not one each.
    /// </summary>
    public async Task<IAsyncDisposable> AcquireAsync(AdvisoryLockKey key, CancellationToken cancellationToken)
    {
        var turn = Turn(key);
        await turn.WaitAsync(cancellationToken);
        NpgsqlConnection? connection = null;
        try
        {
            connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand("select pg_advisory_lock($1, $2)", connection) { CommandTimeout = 0 };
            command.Parameters.AddWithValue(key.Space);
            command.Parameters.AddWithValue(key.Id);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new Lease(connection, key, turn);
        }
        catch
        {
            if (connection is not null) await connection.DisposeAsync();
            turn.Release();
            throw;
        }
    }

    /// <summary>
    /// This process's turn at a lock that is taken inside a transaction (<c>pg_advisory_xact_lock</c>): taken before the
    /// transaction begins, so that a burst waiting for the lock waits in memory, not each in a transaction holding one
    /// of the pool's connections (a thousand signups would hold the whole pool and starve everything else).
    /// </summary>
    public async Task<IDisposable> TakeTurnAsync(AdvisoryLockKey key, CancellationToken cancellationToken)
    {
        var turn = Turn(key);
        await turn.WaitAsync(cancellationToken);
        return new Turned(turn);
    }

    private SemaphoreSlim Turn(AdvisoryLockKey key) => _turns.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));

    public ValueTask DisposeAsync() => _shared.DisposeAsync();

    private sealed class Turned(SemaphoreSlim turn) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) turn.Release();
        }
    }

    private sealed class Lease(NpgsqlConnection connection, AdvisoryLockKey key, SemaphoreSlim turn) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            try
            {
                await using var command = new NpgsqlCommand("select pg_advisory_unlock($1, $2)", connection);
                command.Parameters.AddWithValue(key.Space);
                command.Parameters.AddWithValue(key.Id);
                await command.ExecuteScalarAsync();
            }
            catch (NpgsqlException)
            {
                // The connection is broken: its session, and with it the lock, is gone already.
            }
            finally
            {
                await connection.DisposeAsync();
                turn.Release();
            }
        }
    }
}
