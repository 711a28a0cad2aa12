using Microsoft.AspNetCore.Authorization;

namespace Provisioning.Api.Gateway;

/// <summary>
/// The caller may use the memory of the tenant the route names: a tenant token for that clientId, or, where
/// <see cref="GatewayOptions.AllowApiKeys"/> is on, a ControlPlane or Admin API key. Checked by
/// <see cref="TenantMemoryAuthorizationHandler"/> in the authorization middleware, before the per-tenant rate
/// limiter, so a refused caller spends no tenant's budget.
/// </summary>
public sealed class TenantMemoryRequirement : IAuthorizationRequirement;
