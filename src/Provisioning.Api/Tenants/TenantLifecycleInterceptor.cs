using System.Text.Json;
using System.Text.Json.Serialization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Provisioning.Api.Infrastructure.Auth;
using Provisioning.Api.Webhooks;

namespace Provisioning.Api.Tenants;

/// <summary>
/// Every tenant status change, wherever it is made, writes an audit event and, for Ready, Failed and Deleted,
/// one webhook delivery per receiver, in the same SaveChanges as the change itself (so none is ever lost);
/// the deliveries are enqueued once the save has succeeded.
/// </summary>
public sealed class TenantLifecycleInterceptor(
    ActorContext actor, IOptions<WebhookOptions> webhooks, IBackgroundJobClient jobs, TimeProvider time) : SaveChangesInterceptor
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

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        EnqueueDeliveries();
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EnqueueDeliveries();
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
        foreach (var entry in db.ChangeTracker.Entries<Tenant>().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList())
        {
            var tenant = entry.Entity;
            TenantStatus? before = entry.State == EntityState.Added ? null : entry.Property(t => t.Status).OriginalValue;
            if (before == tenant.Status) continue;

            db.Add(new TenantEvent(tenant.Id, tenant.ClientId, actor.Name, before is null ? "Created" : "StatusChanged",
                tenant.Status is TenantStatus.Failed or TenantStatus.Pending ? tenant.LastError : null, before, tenant.Status, now));

            var eventType = tenant.Status switch
            {
                TenantStatus.Ready when entry.Property(t => t.ReprovisionInProgress).OriginalValue => "tenant.reprovisioned",
                TenantStatus.Ready => "tenant.ready",
                TenantStatus.Failed => "tenant.failed",
                TenantStatus.Deleted => "tenant.deleted",
                _ => null,
            };
            if (eventType is null || !webhooks.Value.Enabled) continue;

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

    private void EnqueueDeliveries()
    {
        foreach (var id in _deliveriesToEnqueue)
            jobs.Enqueue<WebhookSender>(sender => sender.DeliverAsync(id, CancellationToken.None));
        _deliveriesToEnqueue.Clear();
    }
}
