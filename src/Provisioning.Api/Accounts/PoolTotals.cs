
namespace Provisioning.Api.Accounts;

/// <summary>
/// The open accounts together. A dedicated account's free slots belong to its tenant, so <see cref="Capacity"/> counts
/// only the slots it uses and <see cref="Free"/> (what pooled signups can still take) none of it.
/// </summary>
public sealed record PoolTotals(int Accounts, int DedicatedAccounts, int Capacity, int Used, int Free, int Tenants);
