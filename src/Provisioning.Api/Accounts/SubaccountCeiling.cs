namespace Provisioning.Api.Accounts;

/// <summary>
/// One parent's subaccounts against its ceiling (or, summed, every parent's). <see cref="Warning"/> is true at or past
/// the warning share of the ceiling (AccountPool:CeilingWarningRatio). <see cref="TenantCapacity"/> is what the parent
/// can hold at the ceiling: (1 + ceiling) accounts × the tenants one account holds (the smaller of its store and
/// configuration caps): 10,010 with the defaults.
/// </summary>
public sealed record SubaccountCeiling(int Count, int Ceiling, int Remaining, bool Warning, int TenantCapacity);
