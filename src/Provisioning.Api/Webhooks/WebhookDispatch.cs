using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Provisioning.Api.Webhooks;

/// <summary>
/// Hands recorded deliveries to their Hangfire jobs and marks them dispatched. Called right after the save that wrote
/// them, and by <see cref="WebhookOutboxRelay"/> for rows whose dispatch never happened. Enqueued first, marked after:
/// a crash in between enqueues a delivery twice, which <see cref="WebhookSender"/> answers by sending once (it skips a
/// delivered row); receivers dedupe on the delivery id as the docs ask, for the rare overlap of two attempts.
/// Deliveries to the operator's receiver go to a queue of their own (<see cref="WebhookSender.OperatorQueueName"/>), so
/// that no tenant's receiver, however slow, can hold the workers they need.
/// </summary>
public sealed class WebhookDispatch(IBackgroundJobClient jobs, IOptions<WebhookOptions> options)
{
    public async Task DispatchAsync(DbContext db, IReadOnlyCollection<WebhookJob> deliveries, CancellationToken cancellationToken)
    {
        if (deliveries.Count == 0) return;
        Enqueue(deliveries);
        var ids = deliveries.Select(d => d.DeliveryId).ToArray();
        await db.Database.ExecuteSqlAsync($"UPDATE webhook_deliveries SET dispatched_at = now() WHERE id = ANY({ids})", cancellationToken);
    }

    public void Dispatch(DbContext db, IReadOnlyCollection<WebhookJob> deliveries)
    {
        if (deliveries.Count == 0) return;
        Enqueue(deliveries);
        var ids = deliveries.Select(d => d.DeliveryId).ToArray();
        db.Database.ExecuteSql($"UPDATE webhook_deliveries SET dispatched_at = now() WHERE id = ANY({ids})");
    }

    private void Enqueue(IEnumerable<WebhookJob> deliveries)
    {
        foreach (var (id, url) in deliveries)
        {
            if (options.Value.IsOperatorUrl(url)) jobs.Enqueue<WebhookSender>(sender => sender.DeliverToOperatorAsync(id, CancellationToken.None));
            else jobs.Enqueue<WebhookSender>(sender => sender.DeliverAsync(id, CancellationToken.None));
        }
    }
}
