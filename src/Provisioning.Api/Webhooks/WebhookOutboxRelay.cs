using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Data;

namespace Provisioning.Api.Webhooks;

/// <summary>
/// The outbox's relay: a delivery row is written in the transaction of the change it announces, and its job enqueued
/// after the commit. A process that dies between the two leaves a row no job knows of; this loop, in every worker,
/// finds rows undispatched for <see cref="WebhookOptions.RelayAfter"/> and dispatches them (SKIP LOCKED: several
/// workers never take one row twice).
/// </summary>
public sealed partial class WebhookOutboxRelay(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<WebhookOptions> options, ILogger<WebhookOutboxRelay> logger) : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RelayBatchAsync(stoppingToken) == BatchSize)
                {
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database went away: the rows wait there until it is back.
                LogRelayFailed(logger, e);
            }
            await Task.Delay(options.Value.RelayInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Dispatches up to a batch of deliveries no job was enqueued for; returns how many.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>();
        var dispatch = scope.ServiceProvider.GetRequiredService<WebhookDispatch>();
        var writtenBefore = time.GetUtcNow() - options.Value.RelayAfter;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = await db.Database.SqlQuery<Guid>($"""
            SELECT id AS "Value" FROM webhook_deliveries
            WHERE dispatched_at IS NULL AND delivered_at IS NULL AND created_at < {writtenBefore}
            ORDER BY created_at LIMIT {BatchSize} FOR UPDATE SKIP LOCKED
            """).ToListAsync(cancellationToken);
        if (ids.Count == 0) return 0;
        var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => ids.Contains(d.Id))
            .Select(d => new WebhookJob(d.Id, d.Url)).ToListAsync(cancellationToken);
        await dispatch.DispatchAsync(db, deliveries, cancellationToken);
        await transaction.CommitAsync(CancellationToken.None);
        LogRelayed(logger, ids.Count);
        return ids.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} webhook deliveries had no job (their process stopped between commit and enqueue); enqueued now")]
    private static partial void LogRelayed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook outbox relay failed; trying again shortly")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception);
}
