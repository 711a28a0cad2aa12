using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Provisioning.Api.Infrastructure.Auth;

namespace Provisioning.Api.Console;

/// <summary>
/// Every request checks that the session's key is still configured with the same name and role (a key taken out of
/// configuration ends its sessions at once) and that the service still holds the session (<see cref="ConsoleSessions"/>:
/// signing out ends it, for every copy of the cookie); a read-only session's attempt to act, or to read what the API
/// keeps for Admin keys, is a 403 problem, as the API's.
/// </summary>
public sealed class ConsoleSessionEvents(IOptionsMonitor<AuthOptions> auth, ConsoleSessions sessions, IProblemDetailsService problems) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var hash = principal?.FindFirst(ConsoleAuthentication.KeyHashClaim)?.Value;
        var stillConfigured = auth.CurrentValue.ApiKeys.Any(k =>
            string.Equals(k.Sha256, hash, StringComparison.Ordinal) && k.Name == principal!.Identity?.Name && principal.IsInRole(k.Role));
        var live = stillConfigured
                   && Guid.TryParse(principal!.FindFirst(ConsoleAuthentication.SessionIdClaim)?.Value, out var id)
                   && await sessions.IsLiveAsync(id, context.HttpContext.RequestAborted);
        if (!live)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(ConsoleAuthentication.Scheme);
        }
    }

    public override async Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden, Title = "Forbidden",
                Detail = "This console session's key is a ControlPlane key: it reads tenants only; this page or action needs an Admin key.",
            },
        });
    }
}
