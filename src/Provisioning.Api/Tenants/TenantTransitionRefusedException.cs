using Provisioning.Api.Infrastructure.Domain;

namespace Provisioning.Api.Tenants;

/// <summary>A lifecycle change the tenant's current status does not allow (answered 409).</summary>
public sealed class TenantTransitionRefusedException(string clientId, TenantStatus status, string rule)
    : ConflictException(MessageFor(clientId, status, rule))
{
    public TenantStatus Status { get; } = status;

    /// <summary>The refusal as the 409's detail says it; the console shows the same words without throwing.</summary>
    public static string MessageFor(string clientId, TenantStatus status, string rule) => $"Tenant '{clientId}' is {status}; {rule}.";
}
