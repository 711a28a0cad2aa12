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
/// number of tenants), the pool as <c>GET /v1/accounts</c> shows it, and the latest reconciliation.
/// </summary>
public sealed class ConsoleOverview(ProvisioningDbContext db, TimeProvider time, IOptions<TwilioOptions> twilio, IOptions<AccountPoolOptions> pool)
{
    public const int Hours = 48;
    public const int AttentionShown = 20;

    public async Task<OverviewModel> ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var byStatus = await db.Tenants.GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var hours = await HourlyAsync(now, cancellationToken);

        var view = await AccountsApi.BuildViewAsync(db, twilio.Value, pool.Value, cancellationToken);
        var since = now.AddDays(-CeilingForecast.RateWindowDays);
        var recentSignups = await db.Tenants.CountAsync(t => t.CreatedAt >= since, cancellationToken);
        var forecast = CeilingForecast.Estimate(view.Totals.Free, view.Subaccounts.Remaining,
            Math.Min(twilio.Value.StoreCapPerAccount, twilio.Value.ConfigurationCapPerAccount), recentSignups, DateOnly.FromDateTime(now.UtcDateTime));

        var latest = (await db.ListRunsAsync(1, cancellationToken)).FirstOrDefault();
        // Open: what the latest run found and did not act on (reported, not repaired, or a dry run's), not what it fixed.
        var open = latest is null ? 0 : await db.ReconciliationFindings
            .CountAsync(f => f.RunId == latest.Id && (f.Action == "reported" || f.Action.StartsWith("not ") || f.Action.StartsWith("none")), cancellationToken);

        var attention = db.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Failed || t.Status == TenantStatus.Deprovisioning);
        var shown = await attention.OrderByDescending(t => t.UpdatedAt).Take(AttentionShown)
            .Select(t => new AttentionTenant(t.ClientId, t.Status, t.AccountSid, t.UpdatedAt, t.LastError))
            .ToListAsync(cancellationToken);
        var attentionTotal = byStatus.GetValueOrDefault(TenantStatus.Failed) + byStatus.GetValueOrDefault(TenantStatus.Deprovisioning);
        return new OverviewModel(byStatus, hours, view, forecast, latest, open, shown, attentionTotal);
    }

    /// <summary>The last 48 whole hours (UTC) up to the current one, oldest first, empty hours included.</summary>
    private async Task<IReadOnlyList<HourlyActivity>> HourlyAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var from = current.AddHours(1 - Hours);
        var signups = await db.Database.SqlQuery<HourCount>($"""
            select date_trunc('hour', created_at, 'UTC') as hour, count(*)::int as count
            from tenants where created_at >= {from} group by 1
            """).ToDictionaryAsync(h => h.Hour, h => h.Count, cancellationToken);
        var ready = await db.Database.SqlQuery<HourReady>($"""
            select date_trunc('hour', ready_at, 'UTC') as hour, count(*)::int as count,
                   percentile_cont(0.5) within group (order by extract(epoch from ready_at - created_at))::float8 as p50,
                   percentile_cont(0.99) within group (order by extract(epoch from ready_at - created_at))::float8 as p99
            from tenants where ready_at >= {from} group by 1
            """).ToDictionaryAsync(h => h.Hour, cancellationToken);
        return Enumerable.Range(0, Hours).Select(i =>
        {
            var hour = from.AddHours(i);
            var done = ready.GetValueOrDefault(hour);
            return new HourlyActivity(hour, signups.GetValueOrDefault(hour), done?.Count ?? 0, done?.P50, done?.P99);
        }).ToList();
    }

    private sealed record HourCount(DateTimeOffset Hour, int Count);

    private sealed record HourReady(DateTimeOffset Hour, int Count, double? P50, double? P99);
}
