namespace Provisioning.Api.Tenants;

/// <summary>
/// One lifecycle webhook delivery, as <c>GET /v1/tenants/{clientId}/webhooks</c> shows it. <see cref="DeferredUntil"/>: its
/// receiver's host stopped answering and its circuit is open; <see cref="GivenUpAt"/>: no more attempts; <see cref="RedactedAt"/>:
/// its body (and a tenant receiver's URL) were redacted, past Webhooks:PayloadRetention or at the tenant's erasure.
/// </summary>
public sealed record WebhookDeliveryView(
    Guid Id, string EventType, string Url, int Attempts, DateTimeOffset? LastAttemptAt, int? LastStatus, string? LastError,
    DateTimeOffset? DeliveredAt, DateTimeOffset CreatedAt, DateTimeOffset? DeferredUntil, DateTimeOffset? GivenUpAt, DateTimeOffset? RedactedAt);
