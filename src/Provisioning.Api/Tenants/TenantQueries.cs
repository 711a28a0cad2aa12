using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Data;

namespace Provisioning.Api.Tenants;

/// <summary>How tenants are found: by clientId among live tenants, and every incarnation of a clientId.</summary>
public static class TenantQueries
{
    /// <summary>Tenants that are not Deleted: at most one per clientId (a partial unique index).</summary>
    public static IQueryable<Tenant> LiveTenants(this ProvisioningDbContext db) => db.Tenants.Where(t => t.Status != TenantStatus.Deleted);

    /// <summary>Tenants whose run is <paramref name="state"/> at <paramref name="now"/> (<see cref="TenantRun.StateAt"/>, as a query).</summary>
    public static IQueryable<Tenant> InRunState(this IQueryable<Tenant> tenants, TenantRunState state, DateTimeOffset now)
    {
        var overdueBefore = now - TenantRun.OverdueAfter;
        return state switch
        {
            TenantRunState.Running => tenants.Where(t => t.RunHeldBy != null && t.RunHeldUntil > now),
            TenantRunState.Overdue => tenants.Where(t => t.RunDueAt < overdueBefore && (t.RunHeldBy == null || t.RunHeldUntil == null || t.RunHeldUntil <= now)),
            TenantRunState.Due => tenants.Where(t => t.RunDueAt <= now && t.RunDueAt >= overdueBefore && (t.RunHeldBy == null || t.RunHeldUntil == null || t.RunHeldUntil <= now)),
            TenantRunState.Scheduled => tenants.Where(t => t.RunDueAt > now && (t.RunHeldBy == null || t.RunHeldUntil == null || t.RunHeldUntil <= now)),
            _ => tenants.Where(t => t.RunDueAt == null && (t.RunHeldBy == null || t.RunHeldUntil == null || t.RunHeldUntil <= now)),
        };
    }

    /// <summary>The live tenant of <paramref name="clientId"/>, tracked for a change; 404 when there is none.</summary>
    public static async Task<Tenant> GetLiveTenantAsync(this ProvisioningDbContext db, string clientId, CancellationToken cancellationToken) =>
        TenantRules.IsValidClientId(clientId)
            ? await db.LiveTenants().SingleOrDefaultAsync(t => t.ClientId == clientId, cancellationToken) ?? throw new TenantNotFoundException(clientId)
            : throw new TenantNotFoundException(clientId);

    /// <summary>The live tenant of that clientId (one indexed read), else the most recently deleted one; 404 when neither.</summary>
    public static async Task<Tenant> GetLatestTenantAsync(this ProvisioningDbContext db, string clientId, CancellationToken cancellationToken)
    {
        if (!TenantRules.IsValidClientId(clientId)) throw new TenantNotFoundException(clientId);
        return await db.LiveTenants().AsNoTracking().SingleOrDefaultAsync(t => t.ClientId == clientId, cancellationToken)
               ?? await db.Tenants.AsNoTracking().Where(t => t.ClientId == clientId).OrderByDescending(t => t.Id).FirstOrDefaultAsync(cancellationToken)
               ?? throw new TenantNotFoundException(clientId);
    }

    /// <summary>
    /// The newest <paramref name="count"/> events of the audit trail of every incarnation of <paramref name="clientId"/>,
    /// newest first (what a page shows; the API pages the whole trail); 404 when it never existed.
    /// </summary>
    public static async Task<IReadOnlyList<TenantEventView>> ListRecentEventsAsync(this ProvisioningDbContext db, string clientId, int count,
        CancellationToken cancellationToken)
    {
        await db.EnsureClientIdKnownAsync(clientId, cancellationToken);
        return await db.TenantEvents.AsNoTracking().Where(e => e.ClientId == clientId).OrderByDescending(e => e.Id).Take(count)
            .Select(e => new TenantEventView(e.At, e.Actor, e.Action, e.Reason, e.Before, e.After))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The newest <paramref name="count"/> webhooks sent for <paramref name="clientId"/>, newest first, as <see cref="ListRecentEventsAsync"/>.</summary>
    public static async Task<IReadOnlyList<WebhookDeliveryView>> ListRecentWebhookDeliveriesAsync(this ProvisioningDbContext db, string clientId, int count,
        CancellationToken cancellationToken)
    {
        await db.EnsureClientIdKnownAsync(clientId, cancellationToken);
        return await db.WebhookDeliveries.AsNoTracking().Where(d => d.ClientId == clientId).OrderByDescending(d => d.Id).Take(count)
            .Select(d => new WebhookDeliveryView(d.Id, d.EventType, d.Url, d.Attempts, d.LastAttemptAt, d.LastStatus, d.LastError, d.DeliveredAt, d.CreatedAt, d.DeferredUntil, d.GivenUpAt, d.RedactedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// A page of the audit trail of <paramref name="clientId"/>, oldest first: at most <paramref name="limit"/> events after
    /// <paramref name="afterId"/> (a cursor's id; null: from the start); 404 when it never existed.
    /// </summary>
    public static async Task<TenantEventPage> ListEventsPageAsync(this ProvisioningDbContext db, string clientId, Guid? afterId, int limit,
        CancellationToken cancellationToken)
    {
        await db.EnsureClientIdKnownAsync(clientId, cancellationToken);
        // By the clientId's incarnations rather than the event's clientId: (tenant_id, id) is what is indexed.
        var incarnations = db.Tenants.Where(t => t.ClientId == clientId).Select(t => t.Id);
        var events = db.TenantEvents.AsNoTracking().Where(e => incarnations.Contains(e.TenantId));
        if (afterId is { } after) events = events.Where(e => e.Id.CompareTo(after) > 0);
        var page = await events.OrderBy(e => e.Id).Take(limit + 1)
            .Select(e => new { e.Id, View = new TenantEventView(e.At, e.Actor, e.Action, e.Reason, e.Before, e.After) })
            .ToListAsync(cancellationToken);
        return new TenantEventPage(page.Take(limit).Select(e => e.View).ToList(), page.Count > limit ? KeysetCursor.Encode(page[limit - 1].Id) : null);
    }

    /// <summary>A page of the webhooks sent for <paramref name="clientId"/>, oldest first, as <see cref="ListEventsPageAsync"/> pages events.</summary>
    public static async Task<WebhookDeliveryPage> ListWebhookDeliveriesPageAsync(this ProvisioningDbContext db, string clientId, Guid? afterId, int limit,
        CancellationToken cancellationToken)
    {
        await db.EnsureClientIdKnownAsync(clientId, cancellationToken);
        var incarnations = db.Tenants.Where(t => t.ClientId == clientId).Select(t => t.Id);
        var deliveries = db.WebhookDeliveries.AsNoTracking().Where(d => incarnations.Contains(d.TenantId));
        if (afterId is { } after) deliveries = deliveries.Where(d => d.Id.CompareTo(after) > 0);
        var page = await deliveries.OrderBy(d => d.Id).Take(limit + 1)
            .Select(d => new WebhookDeliveryView(d.Id, d.EventType, d.Url, d.Attempts, d.LastAttemptAt, d.LastStatus, d.LastError, d.DeliveredAt, d.CreatedAt, d.DeferredUntil, d.GivenUpAt, d.RedactedAt))
            .ToListAsync(cancellationToken);
        return new WebhookDeliveryPage(page.Take(limit).ToList(), page.Count > limit ? KeysetCursor.Encode(page[limit - 1].Id) : null);
    }

    /// <summary>Throws 404 unless some incarnation of <paramref name="clientId"/> exists.</summary>
    public static async Task EnsureClientIdKnownAsync(this ProvisioningDbContext db, string clientId, CancellationToken cancellationToken)
    {
        if (!TenantRules.IsValidClientId(clientId) || !await db.Tenants.AnyAsync(t => t.ClientId == clientId, cancellationToken))
            throw new TenantNotFoundException(clientId);
    }
}
