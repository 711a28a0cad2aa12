namespace Provisioning.Api.Webhooks;

/// <summary>A recorded delivery to hand to its Hangfire job: its URL says which queue (the operator's receiver has its own).</summary>
public sealed record WebhookJob(Guid DeliveryId, string Url);
