namespace Provisioning.Api.Tenants;

public sealed record ReprovisionAccepted(string JobId, TenantResponse Tenant);
