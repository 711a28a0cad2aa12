namespace Provisioning.Api.Tenants;

/// <summary>
/// Reconciliation's proposal that a tenant take a store found unrecorded at Twilio, made when the tenant had
/// <paramref name="ReplacingStoreId"/> (none, or one Twilio no longer holds). The tenant accepts it only if that is
/// still so: a store it recorded since the snapshot is never swapped out.
/// </summary>
public sealed record StoreAdoption(string StoreId, string? ReplacingStoreId);
