namespace Provisioning.Api.Tenants;

/// <summary>
/// What offboarding erased at Twilio, and when; what an admin accepted to leave there; and, once Deleted, which of the
/// client's personal fields were removed here (<c>redacted</c>, at <c>redactedAt</c>). Shown from the start
/// of an offboarding, and in the <c>tenant.deleted</c> webhook.
/// </summary>
public sealed record ErasureRecord(
    string? ConfigurationId, DateTimeOffset? ConfigurationDeletedAt, IReadOnlyList<ErasedStore> Stores, bool Complete,
    IReadOnlyList<string> Redacted, DateTimeOffset? RedactedAt)
{
    public static ErasureRecord? Of(Tenant tenant) => tenant.Status is TenantStatus.Deprovisioning or TenantStatus.Deleted
        ? new ErasureRecord(tenant.ErasedConfigurationId, tenant.ConfigurationErasedAt,
            tenant.RetiredStores.Select(r => new ErasedStore(r.StoreId, r.AccountSid, r.DeletedAt, r.ResidualAcceptedAt, r.DeleteRefusal)).ToList(),
            tenant.Status == TenantStatus.Deleted && tenant.RetiredStores.All(r => r.DeletedAt is not null),
            tenant.RedactedFields ?? [], tenant.RedactedAt)
        : null;
}
