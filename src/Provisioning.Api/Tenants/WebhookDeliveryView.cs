namespace Provisioning.Api.Tenants;

/// <summary>One lifecycle webhook delivery, as <c>GET /v1/tenants/{clientId}/webhooks</c> shows it.</summary>
public sealed record WebhookDeliveryView(
    Guid Id, string EventType, string Url, int Attempts, DateTimeOffset? LastAttemptAt, int? LastStatus, string? LastError,
    DateTimeOffset? DeliveredAt, DateTimeOffset CreatedAt);
