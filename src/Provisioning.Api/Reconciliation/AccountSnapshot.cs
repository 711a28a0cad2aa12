using Provisioning.Api.Tenants;

namespace Provisioning.Api.Reconciliation;

/// <summary>
/// What PostgreSQL and Twilio say about one account, read once at the start of its check; the tenants and the
/// slot counters (with the number of undeleted retired stores) in one statement.
/// </summary>
internal sealed record AccountSnapshot(
    HashSet<string> StoreIds,
    IReadOnlyList<Tenant> Tenants,
    IReadOnlyList<RetiredStore> Retired,
    List<KnownForeignStore> Foreign,
    HashSet<string> KnownStoreIds,
    int StoresOurs,
    int RetiredCount,
    int StoresForeign)
{
    /// <summary>
    /// Whether the slot counters, as read with the tenants, count them and the retired stores, and
    /// <paramref name="expectedForeign"/> foreign stores. A slot is taken or given back in the transaction that
    /// records its tenant or retired store, so one statement's counters and rows agree unless the counters drifted.
    /// </summary>
    public bool CountersAgree(int expectedForeign) => StoresOurs == Tenants.Count + RetiredCount && StoresForeign == expectedForeign;

    public Dictionary<string, Tenant> TenantsByStore { get; } = Tenants.Where(t => t.MemoryStoreId is not null).ToDictionary(t => t.MemoryStoreId!);

    /// <summary>The tenants whose store and configuration must exist at Twilio now.</summary>
    public IEnumerable<Tenant> TenantsExpectedAtTwilio => Tenants.Where(t => t.ExpectsResourcesAtTwilio);
}
