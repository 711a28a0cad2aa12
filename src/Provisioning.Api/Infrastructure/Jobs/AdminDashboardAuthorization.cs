using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Provisioning.Api.Infrastructure.Auth;

namespace Provisioning.Api.Infrastructure.Jobs;

/// <summary>
/// The Hangfire dashboard is for Admins only: an Admin API key (sent as X-Api-Key, like every other call), or an
/// Admin's browser session of a scheme a feature registered in <see cref="AdminDashboardOptions"/> (the console's).
/// </summary>
public sealed class AdminDashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (http.User.IsInRole(Roles.Admin)) return true;
        foreach (var scheme in http.RequestServices.GetRequiredService<IOptions<AdminDashboardOptions>>().Value.SessionSchemes)
        {
            var session = await http.AuthenticateAsync(scheme);
            if (session.Succeeded && session.Principal.IsInRole(Roles.Admin))
            {
                // The dashboard's own pages and the audit trail's actor see the session's admin.
                http.User = session.Principal;
                return true;
            }
        }
        return false;
    }
}
