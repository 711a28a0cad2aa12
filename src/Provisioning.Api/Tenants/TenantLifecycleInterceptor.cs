using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Provisioning.Api.Infrastructure.Auth;
using Provisioning.Api.Webhooks;

namespace Provisioning.Api.Tenants;

/// <summary>
/// The one audit writer: every <see cref="TenantLifecycleEvent"/> a tenant raised becomes exactly one
/// <c>tenant_events</c> row and, when the event names a webhook, one delivery per receiver, in the same
/// SaveChanges as the change itself (an outbox row, so none is ever lost); their jobs are enqueued once the save has
/// succeeded, and by the outbox relay when the process died before that.
/// </summary>
public sealed class TenantLifecycleInterceptor(
    ActorContext actor, IOptions<WebhookOptions> webhooks, WebhookDispatch dispatch, TimeProvider time) : SaveChangesInterceptor
{
    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly List<WebhookJob> _deliveriesToEnqueue = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not { } db) return result;
        foreach (var (tenantId, erasure) in RecordStatusChanges(db))
            await TenantErasureScrub.ApplyAsync(db, tenantId, erasure, webhooks.Value.Url?.AbsoluteUri, time.GetUtcNow(), cancellationToken);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is not { } db) return result;
        foreach (var (tenantId, erasure) in RecordStatusChanges(db))
            TenantErasureScrub.Apply(db, tenantId, erasure, webhooks.Value.Url?.AbsoluteUri, time.GetUtcNow());
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (_deliveriesToEnqueue.Count > 0 && eventData.Context is { } db)
        {
            var ids = _deliveriesToEnqueue.ToList();
            _deliveriesToEnqueue.Clear();
            await dispatch.DispatchAsync(db, ids, CancellationToken.None);
        }
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (_deliveriesToEnqueue.Count > 0 && eventData.Context is { } db)
        {
            var ids = _deliveriesToEnqueue.ToList();
            _deliveriesToEnqueue.Clear();
            dispatch.Dispatch(db, ids);
        }
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => _deliveriesToEnqueue.Clear();

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        _deliveriesToEnqueue.Clear();
        return Task.CompletedTask;
    }

    /// <summary>Writes the events and their deliveries; returns the erasures among them, whose scrub of older rows is still to do.</summary>
    private List<(Guid TenantId, TenantErasure Erasure)> RecordStatusChanges(DbContext db)
    {
        var now = time.GetUtcNow();
        var erasures = new List<(Guid, TenantErasure)>();
        foreach (var tenant in db.ChangeTracker.Entries<Tenant>().Select(e => e.Entity).Where(t => t.LifecycleEvents.Count > 0).ToList())
        {
            // An erasure scrubs the reasons written with it too (an admin's reason to accept a residual, say).
            var erasure = tenant.LifecycleEvents.Select(e => e.Erasure).OfType<TenantErasure>().FirstOrDefault();
            foreach (var change in tenant.LifecycleEvents)
            {
                var reason = erasure is null ? change.Reason : erasure.Scrub(change.Reason);
                db.Add(new TenantEvent(tenant.Id, tenant.ClientId, change.Actor ?? actor.Name, change.Action, reason, change.Before, change.After, now));
                if (change.WebhookType is { } eventType && webhooks.Value.Enabled)
                    AddDeliveries(db, tenant, eventType, change.Erasure?.CallbackUrl ?? tenant.CallbackUrl, now);
            }
            tenant.ClearLifecycleEvents();
            if (erasure is not null) erasures.Add((tenant.Id, erasure));
        }
        return erasures;
    }

    // The callback URL is the tenant's own, or for its tenant.deleted webhook the one erasure has just removed from it.
    private void AddDeliveries(DbContext db, Tenant tenant, string eventType, string? callbackUrl, DateTimeOffset now)
    {
        foreach (var url in new[] { webhooks.Value.Url?.AbsoluteUri, callbackUrl }.OfType<string>().Distinct())
        {
            var id = Guid.CreateVersion7(now);
            var payload = JsonSerializer.Serialize(new { id, type = eventType, occurredAt = now, tenant = TenantResponse.From(tenant) }, PayloadJson);
            var delivery = new WebhookDelivery(id, tenant.Id, tenant.ClientId, eventType, url, payload, now);
            db.Add(delivery);
            _deliveriesToEnqueue.Add(new WebhookJob(delivery.Id, delivery.Url));
        }
    }
}
