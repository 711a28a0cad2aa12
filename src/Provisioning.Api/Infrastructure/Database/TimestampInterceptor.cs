using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Provisioning.Api.Infrastructure.Database;

/// <summary>Stamps <see cref="ITimestamped.UpdatedAt"/> on every entity a save adds or changes, so no mutator has to.</summary>
public sealed class TimestampInterceptor(TimeProvider time) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Stamp(DbContext? db)
    {
        if (db is null) return;
        var now = DatabaseTime.Truncate(time.GetUtcNow());
        foreach (var entry in db.ChangeTracker.Entries<ITimestamped>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
                entry.Property(nameof(ITimestamped.UpdatedAt)).CurrentValue = now;
        }
    }
}
