using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Data;

namespace Provisioning.Api.Webhooks;

/// <summary>Delivers one webhook; a failed attempt is recorded and retried by Hangfire with growing delays.</summary>
public sealed partial class WebhookSender(
    ProvisioningDbContext db, IHttpClientFactory httpClients, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "webhooks";

    [AutomaticRetry(Attempts = 12, DelaysInSeconds = [1, 2, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Deliver webhook {0}")]
    public async Task DeliverAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        // Not found yet: the change that wrote it may still be committing. Hangfire retries in a second.
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken)
                       ?? throw new WebhookDeliveryException($"Webhook delivery {deliveryId} is not recorded (yet).");
        if (delivery.DeliveredAt is not null) return;

        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Payload, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(options.Value.Secret!, timestamp, delivery.Payload));
        request.Headers.Add("X-Provisioning-Delivery", delivery.Id.ToString());

        int? status = null;
        string? error = null;
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode) error = $"receiver answered {status}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            error = $"{e.GetType().Name}: {e.Message}";
        }

        delivery.RecordAttempt(status, error, time.GetUtcNow());
        await db.SaveChangesAsync(CancellationToken.None);
        if (delivery.DeliveredAt is null)
        {
            LogFailed(logger, delivery.EventType, delivery.ClientId, delivery.Attempts, error!);
            throw new WebhookDeliveryException($"Webhook {delivery.Id} to {delivery.Url} failed: {error}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {EventType} for {ClientId} failed on attempt {Attempt}: {Error}; Hangfire retries it")]
    private static partial void LogFailed(ILogger logger, string eventType, string clientId, int attempt, string error);
}
