using System.Text.Json.Nodes;

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

    /// <summary>When the circuit breaker of the receiver's host put the next attempt off to (no attempt spent); null once attempted again.</summary>
    public DateTimeOffset? DeferredUntil { get; private set; }

    /// <summary>When the service stopped trying: every attempt spent, or deferred past <see cref="WebhookSender.DeliveryWindow"/>.</summary>
    public DateTimeOffset? GivenUpAt { get; private set; }

    /// <summary>When the body (and a tenant receiver's URL) were redacted: Webhooks:PayloadRetention after it finished, or at its tenant's erasure.</summary>
    public DateTimeOffset? RedactedAt { get; private set; }

    /// <summary>Delivered, or given up: nothing will send it again.</summary>
    public bool IsFinished => DeliveredAt is not null || GivenUpAt is not null;

    /// <summary>What stands for a tenant receiver's URL once redacted.</summary>
    public const string RedactedUrl = "redacted:";

    public void RecordAttempt(int? status, string? error, DateTimeOffset now)
    {
        Attempts++;
        LastAttemptAt = now;
        LastStatus = status;
        LastError = Infrastructure.Text.Truncate(error, 1000);
        DeferredUntil = null;
        if (status is >= 200 and < 300) DeliveredAt = now;
    }

    /// <summary>The receiver's host is failing (its breaker is open): the next attempt waits until <paramref name="until"/>, spending none.</summary>
    public void Defer(DateTimeOffset until, string reason)
    {
        DeferredUntil = until;
        LastError = Infrastructure.Text.Truncate(reason, 1000);
    }

    public void GiveUp(DateTimeOffset now, string? reason = null)
    {
        GivenUpAt = now;
        if (reason is not null) LastError = Infrastructure.Text.Truncate(reason, 1000);
    }

    /// <summary>
    /// The body cut down to what the record needs (the delivery and event ids, type, time, the tenant's client id and
    /// status); the same signed body is sent on any attempt still to come. Idempotent.
    /// </summary>
    public void MinimizePayload()
    {
        var original = JsonNode.Parse(Payload) as JsonObject;
        var tenant = original?["tenant"] as JsonObject;
        Payload = new JsonObject
        {
            ["id"] = original?["id"]?.DeepClone() ?? Id.ToString(),
            ["type"] = EventType,
            ["occurredAt"] = original?["occurredAt"]?.DeepClone(),
            ["tenant"] = new JsonObject { ["clientId"] = ClientId, ["status"] = tenant?["status"]?.DeepClone() },
            ["redacted"] = true,
        }.ToJsonString();
    }

    /// <summary>A finished delivery past its retention (or of an erased tenant): its body, and a tenant receiver's URL, are redacted.</summary>
    public void Redact(bool receiverUrlToo, DateTimeOffset now)
    {
        MinimizePayload();
        if (receiverUrlToo) Url = RedactedUrl;
        RedactedAt = now;
    }
}
