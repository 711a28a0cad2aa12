using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Provisioning.Api.Tenants;

/// <summary>
/// The statements that take, renew and give back tenants' runs. Each is one statement on the tenant row with
/// PostgreSQL's clock, so the holders of several processes agree on when a lease ends.
/// </summary>
public sealed class TenantLeases(NpgsqlDataSource dataSource, RunHolder holder, IOptions<ProvisioningOptions> options)
{
    private TimeSpan Lease => options.Value.RunLease;

    /// <summary>
    /// Takes up to <paramref name="max"/> tenants whose run is due and held by no live lease (never held, given
    /// back, or held by a process that stopped renewing it), oldest due first. SKIP LOCKED: processes claiming at the
    /// same moment take different tenants.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedRun>> ClaimDueAsync(int max, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE tenants t SET run_held_by = $1, run_held_until = clock_timestamp() + $2, run_attempt = t.run_attempt + 1
            FROM (SELECT id FROM tenants
                  WHERE run_due_at <= clock_timestamp() AND (run_held_until IS NULL OR run_held_until < clock_timestamp())
                  ORDER BY run_due_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
            WHERE t.id = due.id
            RETURNING t.id, t.run_due_at, t.status, t.run_attempt
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = holder.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = Lease, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter { Value = max });
        var claimed = new List<ClaimedRun>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            claimed.Add(new ClaimedRun(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), Enum.Parse<TenantStatus>(reader.GetString(2)), reader.GetInt32(3)));
        return claimed;
    }

    /// <summary>
    /// Gives the run back with the next one due at <paramref name="nextRunAt"/> (null: nothing due). A command that asked
    /// for a run meanwhile moved the due time away from the one claimed: its request stands (or the sooner of the two).
    /// Nothing, when this process no longer holds the tenant.
    /// </summary>
    public async Task ReleaseAsync(ClaimedRun run, DateTimeOffset? nextRunAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE tenants t SET run_held_by = NULL, run_held_until = NULL, run_due_at = n.due,
                   run_attempt = CASE WHEN n.due IS NULL THEN 0 ELSE t.run_attempt END
            FROM (SELECT id, CASE WHEN run_due_at IS DISTINCT FROM $3 THEN LEAST(run_due_at, $4) ELSE $4 END AS due
                  FROM tenants WHERE id = $1 AND run_held_by = $2 FOR UPDATE) n
            WHERE t.id = n.id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = run.TenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = holder.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = run.DueAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)nextRunAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The heartbeat: renews the leases of this process's live runs that no checkpoint renewed lately (a run waiting on
    /// Twilio), so a run is never taken from a live process.
    /// </summary>
    public async Task RenewAsync(IReadOnlyCollection<Guid> tenantIds, TimeSpan renewWhenLessThan, CancellationToken cancellationToken)
    {
        if (tenantIds.Count == 0) return;
        await using var command = dataSource.CreateCommand("""
            UPDATE tenants SET run_held_until = clock_timestamp() + $2
            WHERE id = ANY($3) AND run_held_by = $1 AND run_held_until < clock_timestamp() + $4
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = holder.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = Lease, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter { Value = tenantIds.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = renewWhenLessThan, NpgsqlDbType = NpgsqlDbType.Interval });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Gives back every run this process holds, due as they were: a process shutting down lets others take them at once.</summary>
    public async Task<int> ReleaseAllAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE tenants SET run_held_by = NULL, run_held_until = NULL WHERE run_held_by = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = holder.Id });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Holds the tenant for work outside its sagas (reconciliation acting on what belongs to it), or null at once while
    /// a run holds it. Its due time is left alone: a run due meanwhile starts once this is given back.
    /// </summary>
    public async Task<IAsyncDisposable?> TryHoldAsync(Guid tenantId, string purpose, CancellationToken cancellationToken)
    {
        var name = $"{holder.Id} ({purpose})";
        await using var command = dataSource.CreateCommand("""
            UPDATE tenants SET run_held_by = $2, run_held_until = clock_timestamp() + $3
            WHERE id = $1 AND (run_held_until IS NULL OR run_held_until < clock_timestamp())
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = Lease, NpgsqlDbType = NpgsqlDbType.Interval });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? new Hold(dataSource, tenantId, name) : null;
    }

    private sealed class Hold(NpgsqlDataSource dataSource, Guid tenantId, string name) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var command = dataSource.CreateCommand("UPDATE tenants SET run_held_by = NULL, run_held_until = NULL WHERE id = $1 AND run_held_by = $2");
            command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
            command.Parameters.Add(new NpgsqlParameter { Value = name });
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
