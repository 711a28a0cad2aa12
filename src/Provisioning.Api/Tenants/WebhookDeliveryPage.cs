namespace Provisioning.Api.Tenants;

/// <summary>A page of a tenant's webhook deliveries; <c>nextCursor</c> is null on the last page.</summary>
public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDeliveryView> Items, string? NextCursor);
