using Npgsql;

namespace Provisioning.Api.Tenants;

/// <summary>
/// One run of a tenant's saga at a time, across every process and Hangfire server on the database.
/// Hangfire is at-least-once: a job can be requeued while its first run is still going. A PostgreSQL
/// session advisory lock is the fence: it lives exactly as long as the connection holding it, so a killed
/// worker releases it with its connection.
/// </summary>
public sealed class TenantLocks(NpgsqlDataSource dataSource)
{
    // Namespaces this service's advisory locks apart from any other user of the database.
    private const int TenantLockSpace = 0x54454e54; // "TENT"

    /// <summary>The lock, or null when another run holds it.</summary>
    public async Task<IAsyncDisposable?> TryAcquireAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("select pg_try_advisory_lock($1, $2)", connection);
            command.Parameters.AddWithValue(TenantLockSpace);
            command.Parameters.AddWithValue(KeyOf(tenantId));
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
                return new Lease(connection, tenantId);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    private static int KeyOf(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        // Collisions only serialise two unrelated tenants for a moment; they never let two runs of one overlap.
        return BitConverter.ToInt32(bytes[..4]) ^ BitConverter.ToInt32(bytes[4..8]) ^ BitConverter.ToInt32(bytes[8..12]) ^ BitConverter.ToInt32(bytes[12..]);
    }

    private sealed class Lease(NpgsqlConnection connection, Guid tenantId) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("select pg_advisory_unlock($1, $2)", connection);
                command.Parameters.AddWithValue(TenantLockSpace);
                command.Parameters.AddWithValue(KeyOf(tenantId));
                await command.ExecuteScalarAsync();
            }
            finally
            {
                // Closing the session releases the lock even if the unlock above failed.
                await connection.DisposeAsync();
            }
        }
    }
}
