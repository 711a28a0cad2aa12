namespace Provisioning.Api.Accounts;

/// <summary>
/// One configured parent account (Twilio:Parents) and its part of the pool: <see cref="Order"/> is its place in the fill
/// (0 first), <see cref="Joined"/> whether the fill has reached it yet (its own account is in the pool),
/// <see cref="AccountSids"/> its accounts in <c>accounts</c> (itself and its subaccounts, in fill order), and
/// <see cref="Subaccounts"/> its own ceiling and warning. No credentials.
/// </summary>
public sealed record ParentView(
    string Name, string AccountSid, int Order, bool Joined, IReadOnlyList<string> AccountSids, PoolTotals Totals, SubaccountCeiling Subaccounts);
