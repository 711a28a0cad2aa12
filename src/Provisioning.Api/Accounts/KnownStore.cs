namespace Provisioning.Api.Accounts;

/// <summary>A store id the database can place: some tenant's current or retired store, or a store recorded as foreign.</summary>
public sealed class KnownStore
{
    public required string StoreId { get; init; }
    public required bool IsForeign { get; init; }

    /// <summary>False only for a foreign store found by counting, whose name nobody has looked at.</summary>
    public required bool NameKnown { get; init; }
}
