namespace Provisioning.Api.Webhooks;

/// <summary>
/// One lifecycle event for one receiver, written in the same transaction as the status change it announces
/// (an outbox row), then delivered, and redelivered, by a Hangfire job until the receiver answers 2xx.
/// </summary>
public sealed class WebhookDelivery
{
    private WebhookDelivery()
    {
    }

    public WebhookDelivery(Guid id, Guid tenantId, string clientId, string eventType, string url, string payload, DateTimeOffset now)
    {
        Id = id;
        TenantId = tenantId;
        ClientId = clientId;
        EventType = eventType;
        Url = url;
        Payload = payload;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public string ClientId { get; private set; } = "";

    /// <summary><c>tenant.ready</c>, <c>tenant.failed</c>, <c>tenant.deleted</c> or <c>tenant.reprovisioned</c>.</summary>
    public string EventType { get; private set; } = "";

    public string Url { get; private set; } = "";

    /// <summary>The exact JSON body sent (and signed) on every attempt.</summary>
    public string Payload { get; private set; } = "";

    public int Attempts { get; private set; }
    public DateTimeOffset? LastAttemptAt { get; private set; }
    public int? LastStatus { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// When its delivery job was enqueued: right after the commit that wrote the row, or by the outbox relay when that
    /// never happened (the process died in between). Null: no job knows of it yet.
    /// </summary>
    public DateTimeOffset? DispatchedAt { get; private set; }

    public void RecordAttempt(int? status, string? error, DateTimeOffset now)
    {
        Attempts++;
        LastAttemptAt = now;
        LastStatus = status;
        LastError = Infrastructure.Text.Truncate(error, 1000);
        if (status is >= 200 and < 300) DeliveredAt = now;
    }
}
