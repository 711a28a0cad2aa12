using Provisioning.Api.Tenants;

namespace Provisioning.Api.Gateway;

/// <summary>What the gateway reads of a tenant per request (one indexed query, never cached: revocation is immediate).</summary>
public sealed record GatewayTenant(Guid Id, TenantStatus Status, string? MemoryStoreId, DateTimeOffset? StoreActiveAt, string? AccountSid, int TokenGeneration)
{
    /// <summary>
    /// Whether the tenant's memory may be used now: its store is recorded and has been ACTIVE, and the tenant is
    /// Ready or being repaired or updated in place (a recreate forgets the store until the new one is active).
    /// </summary>
    public bool ServesMemory => Status is TenantStatus.Ready or TenantStatus.Provisioning && MemoryStoreId is not null && StoreActiveAt is not null;

    /// <summary>Whether the tenant is still on its way to its first (or a new) active store: its memory is not ready yet, and will be.</summary>
    public bool IsBeingMade => Status is TenantStatus.Pending or TenantStatus.Provisioning && !ServesMemory;
}
