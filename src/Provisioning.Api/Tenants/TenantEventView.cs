namespace Provisioning.Api.Tenants;

/// <summary>One line of a tenant's audit trail, as <c>GET /v1/tenants/{clientId}/events</c> shows it.</summary>
public sealed record TenantEventView(DateTimeOffset At, string Actor, string Action, string? Reason, TenantStatus? Before, TenantStatus? After);
