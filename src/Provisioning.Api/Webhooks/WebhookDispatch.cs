using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Provisioning.Api.Webhooks;

/// <summary>
/// Hands recorded deliveries to their Hangfire jobs and marks them dispatched. Called right after the save that wrote
/// them, and by <see cref="WebhookOutboxRelay"/> for rows whose dispatch never happened. Enqueued first, marked after:
/// a crash in between enqueues a delivery twice, which <see cref="WebhookSender"/> answers by sending once (it skips a
/// delivered row); receivers dedupe on the delivery id as the docs ask, for the rare overlap of two attempts.
/// </summary>
public sealed class WebhookDispatch(IBackgroundJobClient jobs)
{
    public async Task DispatchAsync(DbContext db, IReadOnlyCollection<Guid> deliveryIds, CancellationToken cancellationToken)
    {
        if (deliveryIds.Count == 0) return;
        foreach (var id in deliveryIds) jobs.Enqueue<WebhookSender>(sender => sender.DeliverAsync(id, CancellationToken.None));
        var ids = deliveryIds.ToArray();
        await db.Database.ExecuteSqlAsync($"UPDATE webhook_deliveries SET dispatched_at = now() WHERE id = ANY({ids})", cancellationToken);
    }

    public void Dispatch(DbContext db, IReadOnlyCollection<Guid> deliveryIds)
    {
        if (deliveryIds.Count == 0) return;
        foreach (var id in deliveryIds) jobs.Enqueue<WebhookSender>(sender => sender.DeliverAsync(id, CancellationToken.None));
        var ids = deliveryIds.ToArray();
        db.Database.ExecuteSql($"UPDATE webhook_deliveries SET dispatched_at = now() WHERE id = ANY({ids})");
    }
}
