namespace Provisioning.Api.Tenants;

/// <summary>
/// What happened to a tenant, raised by <see cref="Tenant"/> itself and written once, as one audit row (and
/// its webhooks), by <see cref="TenantLifecycleInterceptor"/> in the same transaction as the change.
/// </summary>
/// <param name="Action">What was done: <c>Created</c>, <c>StatusChanged</c> for the service's own steps, or the admin action.</param>
/// <param name="Before">The status before; null for the tenant's creation.</param>
/// <param name="After">The status after (the same as before for an action that changes no status).</param>
/// <param name="Reason">Why: the admin's reason, or the error that stopped the tenant.</param>
/// <param name="Actor">Who did it, when the aggregate knows better than the request (reconciliation); otherwise the request's API key or "system".</param>
/// <param name="WebhookType">The lifecycle webhook this change sends (<c>tenant.ready</c>, …), if any.</param>
/// <param name="Erasure">The personal data this change removed (the Deleted transition), to be removed from the tenant's other rows too.</param>
public sealed record TenantLifecycleEvent(
    string Action, TenantStatus? Before, TenantStatus After, string? Reason, string? Actor, string? WebhookType, TenantErasure? Erasure = null);
