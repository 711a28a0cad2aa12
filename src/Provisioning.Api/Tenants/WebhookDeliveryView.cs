namespace Provisioning.Api.Tenants;

/// <summary>
/// One lifecycle webhook delivery, as <c>GET /v1/tenants/{clientId}/webhooks</c> shows it. <c>deferredUntil</c>: its
/// receiver's host stopped answering and its circuit is open; <c>givenUpAt</c>: no more attempts; <c>redactedAt</c>:
/// its body (and a tenant receiver's URL) were redacted, past Webhooks:PayloadRetention or at the tenant's erasure.
/// </summary>
public sealed record WebhookDeliveryView(
    Guid Id, string EventType, string Url, int Attempts, DateTimeOffset? LastAttemptAt, int? LastStatus, string? LastError,
    DateTimeOffset? DeliveredAt, DateTimeOffset CreatedAt, DateTimeOffset? DeferredUntil, DateTimeOffset? GivenUpAt, DateTimeOffset? RedactedAt);
