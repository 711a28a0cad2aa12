namespace Provisioning.Api.Tenants;

/// <summary>
/// The answer to a signup of a clientId that already has a live tenant. It changes nothing on the tenant: the same
/// signup is answered with the tenant while it is live, and refused (409) when the settings differ or the tenant
/// is on its way out or stopped, because a 202 would promise work that nothing will do. A repeat that names a blueprint
/// must name the tenant's; one that names none repeats whatever the tenant got (the default may have changed since).
/// </summary>
public static class RepeatedSignup
{
    public static void Accept(Tenant tenant, string? displayName, OrchestratorSettings orchestrator, string? callbackUrl, TenantIsolation isolation, string? blueprint = null)
    {
        if (isolation != tenant.Isolation)
            throw Refused(tenant, $"it already exists with isolation {TenantRules.NameOf(tenant.Isolation)}, not {TenantRules.NameOf(isolation)}");
        if (tenant.DisplayName != displayName || !tenant.Orchestrator.Equals(orchestrator) || tenant.CallbackUrl != callbackUrl)
            throw Refused(tenant, "it already exists with different settings");
        if (blueprint is not null && blueprint != tenant.Blueprint.Name)
            throw Refused(tenant, tenant.Blueprint.Name is { } name ? $"it already exists with blueprint '{name}'" : "it already exists without a blueprint");
        switch (tenant.Status)
        {
            case TenantStatus.Pending or TenantStatus.Provisioning or TenantStatus.Ready:
                return;
            case TenantStatus.Failed:
                throw Refused(tenant, $"its provisioning stopped ({tenant.LastError}); an admin can retry it");
            case TenantStatus.PendingDeletion:
                throw Refused(tenant, $"it is to be deleted at {tenant.DeletionDueAt:O}; an admin can cancel the deletion, or sign it up again once it is Deleted");
            default:
                throw Refused(tenant, "it is being deleted; sign it up again once it is Deleted");
        }
    }

    private static TenantTransitionRefusedException Refused(Tenant tenant, string rule) => new(tenant.ClientId, tenant.Status, rule);
}
