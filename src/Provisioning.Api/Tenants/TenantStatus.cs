namespace Provisioning.Api.Tenants;

/// <summary>Where a tenant is in its life; <see cref="Tenant"/> decides which change is allowed from each (docs/architecture.md).</summary>
public enum TenantStatus
{
    Pending,
    Provisioning,
    Ready,
    Failed,
    PendingDeletion,
    Deprovisioning,
    Deleted,
}
