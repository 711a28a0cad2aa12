namespace Provisioning.Api.Tenants;

/// <summary>
/// Reconciliation's proposal that a tenant take a store found unrecorded at Twilio, made when the tenant had
/// <paramref name="ReplacingStoreId"/> (none, or one Twilio no longer holds). The tenant accepts it only if that is
/// still so: a store it recorded since the snapshot is never swapped out.
/// </summary>
public sealed record StoreAdoption(string StoreId, string? ReplacingStoreId)
{
    /// <summary>Why <paramref name="tenant"/> cannot adopt the store (the rule its 409 names); null when it can.</summary>
    public string? RefusalBy(Tenant tenant) =>
        tenant.MemoryStoreId != ReplacingStoreId
            ? $"its store is now {tenant.MemoryStoreId ?? "none"}, not {ReplacingStoreId ?? "none"} as reconciliation saw; store {StoreId} is not adopted"
            : tenant.RetiredStores.Any(r => r.StoreId == StoreId) ? $"store {StoreId} is one it retired; a retired store is never adopted"
            : null;
}
