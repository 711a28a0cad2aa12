using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Data;

namespace Provisioning.Api.Webhooks;

/// <summary>Delivers one webhook; a failed attempt is recorded and retried by Hangfire with growing delays.</summary>
public sealed partial class WebhookSender(
    ProvisioningDbContext db, IHttpClientFactory httpClients, OutboundAddressPolicy outbound, IOptions<WebhookOptions> options,
    TimeProvider time, ILogger<WebhookSender> logger)
{
    /// <summary>The Hangfire queue of deliveries, worked by the webhooks feature's own server.</summary>
    public const string QueueName = "webhooks";

    /// <summary>Calls tenants' callback URLs, through the outbound address check (<see cref="OutboundConnector"/>).</summary>
    public const string TenantHttpClientName = "webhooks";

    /// <summary>Calls the operator's <see cref="WebhookOptions.Url"/>, which may be on a private network.</summary>
    public const string OperatorHttpClientName = "webhooks-operator";

    /// <summary>Most of a receiver's answer that is read; only its status counts.</summary>
    public const int MaxResponseBodyBytes = 64 * 1024;

    [Queue(QueueName)]
    [AutomaticRetry(Attempts = 12, DelaysInSeconds = [1, 2, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Deliver webhook {0}")]
    public async Task DeliverAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        // Not found yet: the change that wrote it may still be committing. Hangfire retries in a second.
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken)
                       ?? throw new WebhookDeliveryException($"Webhook delivery {deliveryId} is not recorded (yet).");
        if (delivery.DeliveredAt is not null) return;

        var (status, error) = await SendAsync(delivery, cancellationToken);

        delivery.RecordAttempt(status, error, time.GetUtcNow());
        await db.SaveChangesAsync(CancellationToken.None);
        if (delivery.DeliveredAt is null)
        {
            LogFailed(logger, delivery.EventType, delivery.ClientId, delivery.Attempts, error!);
            throw new WebhookDeliveryException($"Webhook {delivery.Id} to {delivery.Url} failed: {error}");
        }
    }

    private async Task<(int? Status, string? Error)> SendAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var toOperator = settings.Url is { } operatorUrl && delivery.Url == operatorUrl.AbsoluteUri;
        // Checked again at send time: the row may predate the rules, or the settings may have changed since signup.
        if (!toOperator && outbound.RefusalOf(delivery.Url, checkAllowedHosts: true) is { } refusal)
            return (null, $"not sent: the URL {refusal}");

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
            });
        }
        catch (HttpRequestException e) when (RefusalIn(e) is { } refused)
        {
            return (null, $"not sent: {refused.Message}");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, deadline.IsCancellationRequested ? $"no answer within {settings.Timeout}" : $"{e.GetType().Name}: {e.Message}");
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {EventType} for {ClientId} failed on attempt {Attempt}: {Error}; Hangfire retries it")]
    private static partial void LogFailed(ILogger logger, string eventType, string clientId, int attempt, string error);
}
