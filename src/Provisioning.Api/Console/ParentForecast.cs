using Provisioning.Api.Accounts;

namespace Provisioning.Api.Console;

/// <summary>
/// One parent's ceiling and when, at the recent signup rate, the fill gets past it: parents fill in order, so its
/// forecast counts the slots of every parent before it as well as its own.
/// </summary>
public sealed record ParentForecast(string Name, string AccountSid, SubaccountCeiling Subaccounts, CeilingForecast Forecast);
