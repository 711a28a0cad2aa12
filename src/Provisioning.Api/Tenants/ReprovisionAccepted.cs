namespace Provisioning.Api.Tenants;

/// <summary>
/// An accepted repair or recreate. <see cref="JobId"/> names the run that carries it out (the tenant and the time it
/// is due); kept from when a Hangfire job did. The tenant's <c>run</c> says how it goes.
/// </summary>
public sealed record ReprovisionAccepted(string JobId, TenantResponse Tenant)
{
    public static string RunReference(Tenant tenant) => $"run-{tenant.Id:N}-{tenant.RunDueAt?.ToUnixTimeMilliseconds()}";
}
