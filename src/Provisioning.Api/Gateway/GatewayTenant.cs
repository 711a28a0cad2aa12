using Provisioning.Api.Tenants;

namespace Provisioning.Api.Gateway;

/// <summary>What the gateway reads of a tenant per request (one indexed query, never cached: revocation is immediate).</summary>
public sealed record GatewayTenant(Guid Id, TenantStatus Status, string? MemoryStoreId, DateTimeOffset? StoreActiveAt, string? AccountSid, int TokenGeneration);
