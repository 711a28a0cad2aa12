using Npgsql;

namespace Provisioning.Api.Infrastructure.Database;

/// <summary>
/// PostgreSQL session advisory locks: the fence between every process and Hangfire server on the database.
/// A lock lives exactly as long as the connection holding it, so a killed process releases its locks.
/// </summary>
public sealed class AdvisoryLocks(NpgsqlDataSource dataSource)
{
    /// <summary>The lock, or null at once when someone else holds it.</summary>
    public Task<IAsyncDisposable?> TryAcquireAsync(AdvisoryLockKey key, CancellationToken cancellationToken) =>
        AcquireAsync("pg_try_advisory_lock", key, cancellationToken);

    /// <summary>The lock, waiting for it as long as it takes (or until cancelled).</summary>
    public async Task<IAsyncDisposable> AcquireAsync(AdvisoryLockKey key, CancellationToken cancellationToken) =>
        (await AcquireAsync("pg_advisory_lock", key, cancellationToken))!;

    private async Task<IAsyncDisposable?> AcquireAsync(string function, AdvisoryLockKey key, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand($"select {function}($1, $2)::text", connection) { CommandTimeout = 0 };
            command.Parameters.AddWithValue(key.Space);
            command.Parameters.AddWithValue(key.Id);
            // pg_advisory_lock returns void (""), pg_try_advisory_lock a boolean.
            if (await command.ExecuteScalarAsync(cancellationToken) is not "false")
                return new Lease(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    private sealed class Lease(NpgsqlConnection connection, AdvisoryLockKey key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
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
            }
        }
    }
}
