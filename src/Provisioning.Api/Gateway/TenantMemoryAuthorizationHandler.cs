using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Provisioning.Api.Infrastructure.Auth;

namespace Provisioning.Api.Gateway;

/// <summary>
/// Decides <see cref="TenantMemoryRequirement"/> with the request as its resource: the tenant is the route's
/// <c>clientId</c>, compared with the token's <c>client_id</c>. The rest of a token's checks (its tenant id and
/// generation against PostgreSQL, its scope against the route) stay in <see cref="MemoryGateway"/>, on the
/// tenant's own budget.
/// </summary>
public sealed class TenantMemoryAuthorizationHandler(IOptions<GatewayOptions> options) : AuthorizationHandler<TenantMemoryRequirement, HttpContext>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantMemoryRequirement requirement, HttpContext resource)
    {
        var routeClientId = resource.GetRouteValue("clientId") as string;
        var tokenClientId = context.User.FindFirst(TenantTokenClaims.ClientId)?.Value;
        if (tokenClientId is not null)
        {
            if (routeClientId is not null && string.Equals(tokenClientId, routeClientId, StringComparison.Ordinal)) context.Succeed(requirement);
            else context.Fail(new AuthorizationFailureReason(this, "This token is for another tenant."));
        }
        else if (options.Value.AllowApiKeys && (context.User.IsInRole(Roles.ControlPlane) || context.User.IsInRole(Roles.Admin)))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
