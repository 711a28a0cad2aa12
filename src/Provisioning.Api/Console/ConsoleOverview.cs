using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Accounts;
using Provisioning.Api.Data;
using Provisioning.Api.Reconciliation;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Console;

/// <summary>
/// The overview's read model: counts and per-hour aggregates computed by PostgreSQL (one scan each, whatever the
/// number of tenants), and for an Admin session the pool as <c>GET /v1/accounts</c> shows it and the latest reconciliation.
/// </summary>
public sealed class ConsoleOverview(ProvisioningDbContext db, TimeProvider time, IOptions<TwilioOptions> twilio, TwilioParents parents, IOptions<AccountPoolOptions> pool)
{
    public const int Hours = 48;
    public const int AttentionShown = 20;

    /// <summary>What the overview shows; the pool and the reconciliation (the API keeps them for Admin keys) only when <paramref name="includeAdminData"/>.</summary>
    public async Task<OverviewModel> ReadAsync(bool includeAdminData, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var from = current.AddHours(1 - Hours);
        var since = now.AddDays(-CeilingForecast.RateWindowDays);
        // One scan of the tenants for every count the page shows (the table is wide, its narrow projection is not);
        // date_bin, not date_trunc(…, 'UTC'): whole UTC hours without a time-zone lookup per row.
        var rows = await db.Database.SqlQuery<TenantAggregate>($"""
            with t as materialized (select status, created_at, ready_at from tenants)
            select 'status' as kind, status as key, null::timestamptz as hour, count(*)::int as count, null::float8 as p50, null::float8 as p99
              from t group by status
            union all
            select 'recent', null, null, count(*)::int, null, null from t where created_at >= {since}
            union all
            select 'signups', null, date_bin('1 hour', created_at, timestamptz '2000-01-01 00:00+00'), count(*)::int, null, null from t where created_at >= {from} group by 3
            union all
            select 'ready', null, date_bin('1 hour', ready_at, timestamptz '2000-01-01 00:00+00'), count(*)::int,
                   percentile_cont(0.5) within group (order by extract(epoch from ready_at - created_at))::float8,
                   percentile_cont(0.99) within group (order by extract(epoch from ready_at - created_at))::float8
              from t where ready_at >= {from} group by 3
            """).ToListAsync(cancellationToken);
        var byStatus = rows.Where(r => r.Kind == "status").ToDictionary(r => Enum.Parse<TenantStatus>(r.Key!), r => r.Count);
        var signups = rows.Where(r => r.Kind == "signups").ToDictionary(r => r.Hour!.Value, r => r.Count);
        var ready = rows.Where(r => r.Kind == "ready").ToDictionary(r => r.Hour!.Value);
        var hours = Enumerable.Range(0, Hours).Select(i =>
        {
            var hour = from.AddHours(i);
            var done = ready.GetValueOrDefault(hour);
            return new HourlyActivity(hour, signups.GetValueOrDefault(hour), done?.Count ?? 0, done?.P50, done?.P99);
        }).ToList();

        var recent = rows.SingleOrDefault(r => r.Kind == "recent")?.Count ?? 0;
        var pool = includeAdminData ? await ReadPoolAsync(recent, DateOnly.FromDateTime(now.UtcDateTime), cancellationToken) : null;
        var drift = includeAdminData ? await ReadDriftAsync(cancellationToken) : null;

        var attention = db.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Failed || t.Status == TenantStatus.Deprovisioning);
        var shown = await attention.OrderByDescending(t => t.UpdatedAt).Take(AttentionShown)
            .Select(t => new AttentionTenant(t.ClientId, t.Status, t.AccountSid, t.UpdatedAt, t.LastError))
            .ToListAsync(cancellationToken);
        var attentionTotal = byStatus.GetValueOrDefault(TenantStatus.Failed) + byStatus.GetValueOrDefault(TenantStatus.Deprovisioning);
        return new OverviewModel(byStatus, hours, pool, drift, shown, attentionTotal);
    }

    private async Task<PoolOverview> ReadPoolAsync(int recent, DateOnly today, CancellationToken cancellationToken)
    {
        var view = await AccountsApi.BuildViewAsync(db, twilio.Value, parents, pool.Value, cancellationToken);
        var perAccount = twilio.Value.TenantsPerAccount;
        // Parents fill in order: one is past its ceiling once the slots of every parent up to it are used. A parent
        // the fill has not reached yet brings its own account besides its subaccounts.
        var (free, subaccountsLeft) = (0, 0);
        var parentForecasts = view.Parents.Select(p =>
        {
            free += p.Totals.Free + (p.Joined ? 0 : perAccount);
            subaccountsLeft += p.Subaccounts.Remaining;
            return new ParentForecast(p.Name, p.AccountSid, p.Subaccounts, CeilingForecast.Estimate(free, subaccountsLeft, perAccount, recent, today));
        }).ToList();
        var forecast = parentForecasts.Count > 0 ? parentForecasts[^1].Forecast : CeilingForecast.Estimate(view.Totals.Free, view.Subaccounts.Remaining, perAccount, recent, today);
        return new PoolOverview(view, forecast, parentForecasts);
    }

    private async Task<DriftOverview> ReadDriftAsync(CancellationToken cancellationToken)
    {
        var latest = (await db.ListRunsAsync(1, cancellationToken)).FirstOrDefault();
        // Open: what the latest run found and did not act on (reported, not repaired, or a dry run's), not what it fixed.
        var open = latest is null ? 0 : await db.ReconciliationFindings
            .CountAsync(f => f.RunId == latest.Id && (f.Action == "reported" || f.Action.StartsWith("not ") || f.Action.StartsWith("none")), cancellationToken);
        return new DriftOverview(latest, open);
    }

    /// <summary>One row of the overview's aggregate: a status count, the recent signups, or one hour of signups or of Ready.</summary>
    private sealed record TenantAggregate(string Kind, string? Key, DateTimeOffset? Hour, int Count, double? P50, double? P99);
}
