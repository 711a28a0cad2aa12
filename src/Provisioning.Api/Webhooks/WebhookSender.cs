using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Data;

namespace Provisioning.Api.Webhooks;

/// <summary>
/// Delivers one webhook; a failed attempt is recorded and retried by Hangfire with growing delays, up to
/// <see cref="MaxAttempts"/> in all. A tenant receiver whose host's circuit is open (<see cref="ReceiverCircuitBreaker"/>)
/// is not attempted: the delivery is deferred to the end of the cool-down, as a scheduled job that holds no worker.
/// </summary>
public sealed partial class WebhookSender(
    ProvisioningDbContext db, IHttpClientFactory httpClients, OutboundAddressPolicy outbound, ReceiverCircuitBreaker breaker,
    IBackgroundJobClient jobs, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookSender> logger)
{
    /// <summary>The Hangfire queue of deliveries to tenants' receivers, worked by the webhooks feature's own server.</summary>
    public const string QueueName = "webhooks";

    /// <summary>The Hangfire queue of deliveries to the operator's receiver, with workers of its own.</summary>
    public const string OperatorQueueName = "webhooks-operator";

    /// <summary>Attempts of one delivery in all (the first and Hangfire's twelve retries); then it is given up.</summary>
    public const int MaxAttempts = 13;

    /// <summary>A delivery still deferred by an open circuit this long after it was written is given up.</summary>
    public static readonly TimeSpan DeliveryWindow = TimeSpan.FromDays(1);

    /// <summary>Calls tenants' callback URLs, through the outbound address check (<see cref="OutboundConnector"/>).</summary>
    public const string TenantHttpClientName = "webhooks";

    /// <summary>Calls the operator's <see cref="WebhookOptions.Url"/>, which may be on a private network.</summary>
    public const string OperatorHttpClientName = "webhooks-operator";

    /// <summary>Most of a receiver's answer that is read; only its status counts.</summary>
    public const int MaxResponseBodyBytes = 64 * 1024;

    /// <summary>A delivery to a tenant's receiver (or, for jobs enqueued before the operator had a queue, any delivery).</summary>
    [Queue(QueueName)]
    [AutomaticRetry(Attempts = 12, DelaysInSeconds = [1, 2, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Deliver webhook {0}")]
    public Task DeliverAsync(Guid deliveryId, CancellationToken cancellationToken) => DeliverOnceAsync(deliveryId, cancellationToken);

    /// <summary>A delivery to the operator's receiver, on its own queue and workers.</summary>
    [Queue(OperatorQueueName)]
    [AutomaticRetry(Attempts = 12, DelaysInSeconds = [1, 2, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Deliver webhook {0} to the operator")]
    public Task DeliverToOperatorAsync(Guid deliveryId, CancellationToken cancellationToken) => DeliverOnceAsync(deliveryId, cancellationToken);

    private async Task DeliverOnceAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        // Not found yet: the change that wrote it may still be committing. Hangfire retries in a second.
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken)
                       ?? throw new WebhookDeliveryException($"Webhook delivery {deliveryId} is not recorded (yet).");
        if (delivery.IsFinished) return;
        var host = options.Value.IsOperatorUrl(delivery.Url) ? null : ReceiverCircuitBreaker.HostOf(delivery.Url);
        if (host is not null && breaker.DeferralFor(host, time.GetUtcNow()) is { } until)
        {
            await DeferAsync(delivery, host, until);
            return;
        }

        var (status, error, answered) = await SendAsync(delivery, cancellationToken);

        var now = time.GetUtcNow();
        if (host is not null && answered is { } reached) breaker.Record(host, reached, now);
        delivery.RecordAttempt(status, error, now);
        if (delivery.DeliveredAt is null && delivery.Attempts >= MaxAttempts) delivery.GiveUp(now);
        await db.SaveChangesAsync(CancellationToken.None);
        if (delivery.DeliveredAt is null)
        {
            LogFailed(logger, delivery.EventType, delivery.ClientId, delivery.Attempts, error!);
            throw new WebhookDeliveryException($"Webhook {delivery.Id} to {delivery.Url} failed: {error}");
        }
    }

    /// <summary>The host's circuit is open: no attempt now, and no worker held; a scheduled job tries again when it may close.</summary>
    private async Task DeferAsync(WebhookDelivery delivery, string host, DateTimeOffset until)
    {
        var now = time.GetUtcNow();
        if (now - delivery.CreatedAt > DeliveryWindow)
        {
            delivery.GiveUp(now, $"given up: {host} got no answer to {breaker.FailuresOf(host)} attempts in a row and the delivery is older than {DeliveryWindow}");
            await db.SaveChangesAsync(CancellationToken.None);
            return;
        }
        delivery.Defer(until, $"deferred: {host} got no answer to {breaker.FailuresOf(host)} attempts in a row; its circuit is open until {until:O}");
        await db.SaveChangesAsync(CancellationToken.None);
        var id = delivery.Id;
        jobs.Schedule<WebhookSender>(sender => sender.DeliverAsync(id, CancellationToken.None), until);
        LogDeferred(logger, delivery.EventType, delivery.ClientId, host, until);
    }

    /// <summary>The status and error of one attempt, and whether the receiver answered at all (null: nothing was sent).</summary>
    private async Task<(int? Status, string? Error, bool? Answered)> SendAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var toOperator = settings.IsOperatorUrl(delivery.Url);
        // Checked again at send time: the row may predate the rules, or the settings may have changed since signup.
        if (!toOperator && outbound.RefusalOf(delivery.Url, checkAllowedHosts: true) is { } refusal)
            return (null, $"not sent: the URL {refusal}", null);

        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Payload, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(settings.Secret!, timestamp, delivery.Payload));
        request.Headers.Add("X-Provisioning-Delivery", delivery.Id.ToString());

        // HttpClient's own timeout ends with the headers (ResponseHeadersRead); this deadline covers the body as well.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        try
        {
            var client = httpClients.CreateClient(toOperator ? OperatorHttpClientName : TenantHttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var status = (int)response.StatusCode;
            await DiscardBodyAsync(response, deadline.Token);
            return (status, status switch
            {
                >= 200 and < 300 => null,
                >= 300 and < 400 => $"receiver answered {status}; redirects are not followed",
                _ => $"receiver answered {status}",
            }, true);
        }
        catch (HttpRequestException e) when (RefusalIn(e) is { } refused)
        {
            return (null, $"not sent: {refused.Message}", null);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // No connection (refused, unreachable, not accepted within Webhooks:ConnectTimeout) or no answer in time.
            return (null, deadline.IsCancellationRequested ? $"no answer within {settings.Timeout}" : $"{e.GetType().Name}: {e.Message}", false);
        }
    }

    /// <summary>
    /// Reads and drops at most <see cref="MaxResponseBodyBytes"/> of the answer, so that a receiver can make us neither
    /// hold nor wait for a body of any size. The status is the answer: a body cut short or too slow does not change it.
    /// </summary>
    private static async Task DiscardBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            for (var left = MaxResponseBodyBytes; left > 0;)
            {
                var read = await body.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, left)), cancellationToken);
                if (read == 0) break;
                left -= read;
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
        }
    }

    private static OutboundAddressRefusedException? RefusalIn(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is OutboundAddressRefusedException refused) return refused;
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {EventType} for {ClientId} deferred: the circuit of {Host} is open until {Until}")]
    private static partial void LogDeferred(ILogger logger, string eventType, string clientId, string host, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {EventType} for {ClientId} failed on attempt {Attempt}: {Error}; Hangfire retries it")]
    private static partial void LogFailed(ILogger logger, string eventType, string clientId, int attempt, string error);
}
