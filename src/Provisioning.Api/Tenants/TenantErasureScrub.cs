using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Webhooks;

namespace Provisioning.Api.Tenants;

/// <summary>
/// The rest of an erasure, in the save that marks the tenant Deleted: the client's personal values come out of the
/// tenant's audit reasons, every earlier webhook body of the tenant is cut down to its ids, type and status, and a finished
/// delivery to the tenant's own receiver loses its URL as well. A delivery still to be sent keeps its URL until it
/// finishes (then Webhooks:PayloadRetention redacts it). The tenant's new <c>tenant.deleted</c> body is made from the
/// already redacted tenant.
/// </summary>
internal static class TenantErasureScrub
{
    public static async Task ApplyAsync(DbContext db, Guid tenantId, TenantErasure erasure, string? operatorUrl, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var tenantEvent in await EventsNaming(db, tenantId).ToListAsync(cancellationToken)) Scrub(tenantEvent, erasure);
        foreach (var delivery in await Deliveries(db, tenantId).ToListAsync(cancellationToken)) Scrub(delivery, operatorUrl, now);
    }

    public static void Apply(DbContext db, Guid tenantId, TenantErasure erasure, string? operatorUrl, DateTimeOffset now)
    {
        foreach (var tenantEvent in EventsNaming(db, tenantId).ToList()) Scrub(tenantEvent, erasure);
        foreach (var delivery in Deliveries(db, tenantId).ToList()) Scrub(delivery, operatorUrl, now);
    }

    private static IQueryable<TenantEvent> EventsNaming(DbContext db, Guid tenantId) =>
        db.Set<TenantEvent>().Where(e => e.TenantId == tenantId && e.Reason != null);

    private static IQueryable<WebhookDelivery> Deliveries(DbContext db, Guid tenantId) =>
        db.Set<WebhookDelivery>().Where(d => d.TenantId == tenantId && d.RedactedAt == null);

    private static void Scrub(TenantEvent tenantEvent, TenantErasure erasure)
    {
        if (erasure.Holds(tenantEvent.Reason)) tenantEvent.Scrub(erasure);
    }

    private static void Scrub(WebhookDelivery delivery, string? operatorUrl, DateTimeOffset now)
    {
        if (delivery.IsFinished) delivery.Redact(receiverUrlToo: delivery.Url != operatorUrl, now);
        else delivery.MinimizePayload();
    }
}
