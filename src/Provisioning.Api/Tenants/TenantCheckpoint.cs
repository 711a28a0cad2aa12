using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Options;
using Provisioning.Api.Data;

namespace Provisioning.Api.Tenants;

/// <summary>
/// A saga's save point: the tenant's progress reaches the database, and the run's lease is renewed with it. Only a few
/// writers may change the row while a run holds it: a settings change (PATCH), a command asking for another run, and
/// the holder's own lease heartbeat. When that is all that changed, their values are taken and this run's progress
/// saved; anything else (another process took the run over: its lease expired) is a real conflict and ends the run.
/// </summary>
public sealed partial class TenantCheckpoint(
    ProvisioningDbContext db, RunHolder holder, TimeProvider time, IOptions<ProvisioningOptions> options, ILogger<TenantCheckpoint> logger)
{
    private static readonly HashSet<string> TakenColumns =
        [nameof(Tenant.DisplayName), nameof(Tenant.CallbackUrl), nameof(Tenant.Orchestrator), nameof(Tenant.SettingsRevision),
         nameof(Tenant.RunDueAt), nameof(Tenant.RunHeldUntil), nameof(Tenant.RunAttempt), nameof(Tenant.UpdatedAt), nameof(Tenant.Version)];

    // Progress must reach the database even when the run is being cancelled: losing an operation id that Twilio
    // already issued is exactly what would make the next run create a duplicate.
    public async Task SaveAsync(Tenant tenant)
    {
        tenant.ExtendRunLease(holder.Id, time.GetUtcNow() + options.Value.RunLease);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
                return;
            }
            catch (DbUpdateConcurrencyException e) when (attempt < 3)
            {
                if (!await TakeConcurrentChangesAsync(e)) throw;
            }
        }
    }

    private async Task<bool> TakeConcurrentChangesAsync(DbUpdateConcurrencyException conflict)
    {
        if (conflict.Entries is not [{ Entity: Tenant } entry]) return false;
        var database = await entry.GetDatabaseValuesAsync(CancellationToken.None);
        if (database is null) return false;
        var changed = database.Properties.Where(p => !Equals(database[p], entry.OriginalValues[p])).Select(p => p.Name).ToList();
        LogConcurrentChange(logger, string.Join(", ", changed));
        if (changed.Any(name => !TakenColumns.Contains(name))) return false;
        TakeValues(entry, database, changed);
        return true;
    }

    private static void TakeValues(EntityEntry entry, PropertyValues database, List<string> changed)
    {
        // Originals first: current values equal to them are then unmodified. (Clearing IsModified instead would put
        // this run's stale values back.) The lease this run set is kept: it is the newer renewal.
        var leaseSet = entry.Property(nameof(Tenant.RunHeldUntil)).IsModified ? entry.Property(nameof(Tenant.RunHeldUntil)).CurrentValue : null;
        entry.OriginalValues.SetValues(database);
        foreach (var name in changed.Where(n => n is not (nameof(Tenant.UpdatedAt) or nameof(Tenant.Version))))
            entry.Property(name).CurrentValue = database[name];
        if (leaseSet is not null) entry.Property(nameof(Tenant.RunHeldUntil)).CurrentValue = leaseSet;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The tenant changed while this run held it ({Columns}); taking settings, run requests and lease renewals, refusing anything else")]
    private static partial void LogConcurrentChange(ILogger logger, string columns);
}
