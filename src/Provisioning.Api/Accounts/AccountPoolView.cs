
namespace Provisioning.Api.Accounts;

public sealed record AccountPoolView(IReadOnlyList<AccountView> Accounts, PoolTotals Totals, SubaccountCeiling Subaccounts);
