using Provisioning.Api.Infrastructure.Domain;

namespace Provisioning.Api.Tenants;

/// <summary>A lifecycle change the tenant's current status does not allow (answered 409).</summary>
public sealed class TenantTransitionRefusedException(string clientId, TenantStatus status, string rule)
    : ConflictException($"Tenant '{clientId}' is {status}; {rule}.")
{
    public TenantStatus Status { get; } = status;
}
