
namespace Provisioning.Api.Accounts;

public sealed record PoolTotals(int Accounts, int Capacity, int Used, int Free, int Tenants);
