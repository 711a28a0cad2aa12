using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Provisioning.Api.Tenants;

/// <summary>
/// Saves of a tenant that another writer changed since it was read (its row version moved). Some such changes commute
/// with the save: the runner's lease bookkeeping (taking, renewing, giving back a run) says nothing about the tenant's
/// state, and a settings change or a request for a run may land while a run holds it. When only columns of
/// <c>commuting</c> changed, their values are taken (a run requested by this save stays requested) and the save is tried
/// again; anything else stays a conflict for the caller.
/// </summary>
public static class TenantConflicts
{
    /// <summary>What the runner writes on its own: never a reason to refuse a command.</summary>
    public static readonly IReadOnlySet<string> RunState = new HashSet<string>
    {
        nameof(Tenant.RunDueAt), nameof(Tenant.RunHeldBy), nameof(Tenant.RunHeldUntil), nameof(Tenant.RunAttempt), nameof(Tenant.Version),
    };

    /// <summary>Saves, taking concurrent changes of <paramref name="commuting"/> columns; throws on any other conflict.</summary>
    public static async Task SaveAsync(DbContext db, IReadOnlySet<string> commuting, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException e) when (attempt < 5)
            {
                if (!await TryTakeAsync(e, commuting)) throw;
            }
        }
    }

    /// <summary>True when only <paramref name="commuting"/> columns changed underneath, now taken into the tracked tenant.</summary>
    public static async Task<bool> TryTakeAsync(DbUpdateConcurrencyException conflict, IReadOnlySet<string> commuting)
    {
        if (conflict.Entries is not [{ Entity: Tenant } entry]) return false;
        var database = await entry.GetDatabaseValuesAsync(CancellationToken.None);
        if (database is null) return false;
        var changed = database.Properties.Where(p => !Equals(database[p], entry.OriginalValues[p])).Select(p => p.Name).ToList();
        if (changed.Any(name => !commuting.Contains(name) && name != nameof(Tenant.UpdatedAt))) return false;
        Take(entry, database, changed);
        return true;
    }

    private static void Take(EntityEntry entry, PropertyValues database, List<string> changed)
    {
        // What this save itself set of the run (a run requested, a lease renewed) is newer than what it meets.
        var own = new[] { nameof(Tenant.RunDueAt), nameof(Tenant.RunHeldUntil) }
            .Where(name => entry.Property(name).IsModified)
            .ToDictionary(name => name, name => entry.Property(name).CurrentValue);
        // Originals first: current values equal to them are then unmodified. (Clearing IsModified instead would put
        // this save's stale values back.)
        entry.OriginalValues.SetValues(database);
        foreach (var name in changed.Where(n => n is not (nameof(Tenant.UpdatedAt) or nameof(Tenant.Version))))
            entry.Property(name).CurrentValue = database[name];
        foreach (var (name, value) in own) entry.Property(name).CurrentValue = value;
    }
}
