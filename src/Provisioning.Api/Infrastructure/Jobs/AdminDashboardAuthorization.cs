using Hangfire.Dashboard;
using Provisioning.Api.Infrastructure.Auth;

namespace Provisioning.Api.Infrastructure.Jobs;

/// <summary>The Hangfire dashboard is for Admin API keys only (sent as X-Api-Key, like every other call).</summary>
public sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
}
