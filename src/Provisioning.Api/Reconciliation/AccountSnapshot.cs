using Provisioning.Api.Tenants;

namespace Provisioning.Api.Reconciliation;

/// <summary>What PostgreSQL and Twilio say about one account, read once at the start of its check.</summary>
internal sealed record AccountSnapshot(
    HashSet<string> StoreIds,
    IReadOnlyList<Tenant> Tenants,
    IReadOnlyList<RetiredStore> Retired,
    List<KnownForeignStore> Foreign,
    HashSet<string> KnownStoreIds)
{
    public Dictionary<string, Tenant> TenantsByStore { get; } = Tenants.Where(t => t.MemoryStoreId is not null).ToDictionary(t => t.MemoryStoreId!);

    /// <summary>The tenants whose store and configuration must exist at Twilio now.</summary>
    public IEnumerable<Tenant> TenantsExpectedAtTwilio => Tenants.Where(t => t.ExpectsResourcesAtTwilio);
}
