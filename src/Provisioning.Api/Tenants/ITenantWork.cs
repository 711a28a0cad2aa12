namespace Provisioning.Api.Tenants;

/// <summary>
/// A saga the runner starts for a tenant whose run is due: onboarding (signup, settings, retry, repair, recreate) or
/// offboarding. One run reads the tenant, converges it as far as it can and says when it needs the next.
/// </summary>
public interface ITenantWork
{
    /// <summary>Whether this saga carries out the work of a tenant in <paramref name="status"/>.</summary>
    bool Handles(TenantStatus status);

    Task<RunOutcome> RunAsync(Guid tenantId, CancellationToken cancellationToken);
}
