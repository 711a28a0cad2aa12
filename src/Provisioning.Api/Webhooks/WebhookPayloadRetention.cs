using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Data;

namespace Provisioning.Api.Webhooks;

/// <summary>
/// A delivery's body is the tenant as it was when the event happened, personal fields included: it is kept for
/// Webhooks:PayloadRetention after the delivery finished (delivered, or given up) so that an operator can see what was
/// sent, then cut down to its ids, type and status; a tenant receiver's URL goes with it. The record of the delivery
/// (attempts, statuses, times) stays. A tenant's erasure does the same at once (the Tenants feature).
/// </summary>
public sealed partial class WebhookPayloadRetention(
    ProvisioningDbContext db, TimeProvider time, IOptions<WebhookOptions> options, ILogger<WebhookPayloadRetention> logger)
{
    public const string RecurringJobId = "webhook-payload-retention";
    private const int BatchSize = 200;

    /// <summary>Recurring job (Webhooks:PayloadRetentionCron). Returns how many deliveries were redacted.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var finishedBefore = time.GetUtcNow() - settings.PayloadRetention;
        var redacted = 0;
        while (true)
        {
            db.ChangeTracker.Clear();
            // created_at bounds the look (finished is never before written); the partial index holds unredacted rows only.
            var batch = await db.WebhookDeliveries
                .Where(d => d.RedactedAt == null && d.CreatedAt < finishedBefore
                            && (d.DeliveredAt < finishedBefore || d.GivenUpAt < finishedBefore))
                .OrderBy(d => d.CreatedAt).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0) break;
            var now = time.GetUtcNow();
            foreach (var delivery in batch) delivery.Redact(receiverUrlToo: !settings.IsOperatorUrl(delivery.Url), now);
            await db.SaveChangesAsync(cancellationToken);
            redacted += batch.Count;
        }
        if (redacted > 0) LogRedacted(logger, redacted, settings.PayloadRetention);
        return redacted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Redacted the bodies of {Count} webhook deliveries finished more than {Retention} ago")]
    private static partial void LogRedacted(ILogger logger, int count, TimeSpan retention);
}
