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
    private readonly List<Guid> _deliveriesToEnqueue = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db) RecordStatusChanges(db);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } db) RecordStatusChanges(db);
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

    private void RecordStatusChanges(DbContext db)
    {
        var now = time.GetUtcNow();
        foreach (var tenant in db.ChangeTracker.Entries<Tenant>().Select(e => e.Entity).Where(t => t.LifecycleEvents.Count > 0).ToList())
        {
            foreach (var change in tenant.LifecycleEvents)
            {
                db.Add(new TenantEvent(tenant.Id, tenant.ClientId, change.Actor ?? actor.Name, change.Action, change.Reason, change.Before, change.After, now));
                if (change.WebhookType is { } eventType && webhooks.Value.Enabled)
                    AddDeliveries(db, tenant, eventType, now);
            }
            tenant.ClearLifecycleEvents();
        }
    }

    private void AddDeliveries(DbContext db, Tenant tenant, string eventType, DateTimeOffset now)
    {
        foreach (var url in new[] { webhooks.Value.Url?.AbsoluteUri, tenant.CallbackUrl }.OfType<string>().Distinct())
        {
            var id = Guid.CreateVersion7(now);
            var payload = JsonSerializer.Serialize(new { id, type = eventType, occurredAt = now, tenant = TenantResponse.From(tenant) }, PayloadJson);
            var delivery = new WebhookDelivery(id, tenant.Id, tenant.ClientId, eventType, url, payload, now);
            db.Add(delivery);
            _deliveriesToEnqueue.Add(delivery.Id);
        }
    }
}
