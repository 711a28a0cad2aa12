
namespace Provisioning.Api.Accounts;

/// <summary>
/// The pool: every account (<see cref="Accounts"/>, each naming its parent), the totals and the subaccount ceiling of
/// all parents together (<see cref="Subaccounts"/>: counts and ceilings summed), and the same per parent, in fill order.
/// </summary>
public sealed record AccountPoolView(IReadOnlyList<AccountView> Accounts, PoolTotals Totals, SubaccountCeiling Subaccounts, IReadOnlyList<ParentView> Parents);
