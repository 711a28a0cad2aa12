using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Data;

namespace Provisioning.Api.Reconciliation;

/// <summary>How runs and their findings are read, by the API and the console alike.</summary>
public static class ReconciliationQueries
{
    /// <summary>The newest <paramref name="limit"/> runs (1–200), newest first.</summary>
    public static async Task<IReadOnlyList<RunView>> ListRunsAsync(this ProvisioningDbContext db, int limit, CancellationToken cancellationToken)
    {
        var runs = await db.ReconciliationRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(Math.Clamp(limit, 1, 200)).ToListAsync(cancellationToken);
        return runs.Select(RunView.From).ToList();
    }

    /// <summary>One run and a page of its findings (<paramref name="limit"/> 1–1000, after the finding <paramref name="after"/>); null when there is no such run.</summary>
    public static async Task<RunDetailView?> GetRunAsync(this ProvisioningDbContext db, Guid id, int limit, Guid? after, CancellationToken cancellationToken)
    {
        var run = await db.ReconciliationRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null) return null;

        var take = Math.Clamp(limit, 1, 1000);
        var findings = db.ReconciliationFindings.AsNoTracking().Where(f => f.RunId == id);
        if (after is { } cursor) findings = findings.Where(f => f.Id.CompareTo(cursor) > 0);
        var page = await findings.OrderBy(f => f.Id).Take(take + 1)
            .Select(f => new FindingView(f.Id, f.Kind, f.AccountSid, f.StoreId, f.ConfigurationId, f.ClientId, f.Detail, f.DetectedAt, f.Action))
            .ToListAsync(cancellationToken);
        var next = page.Count > take ? page[take - 1].Id : (Guid?)null;
        return new RunDetailView(RunView.From(run), page.Take(take).ToList(), next);
    }
}
