using Provisioning.Api.Twilio;

namespace Provisioning.Api.Accounts;

/// <summary>
/// A subaccount a growth round is to add: under <paramref name="Parent"/>, named <paramref name="Name"/> (so that a lost
/// reply is found again by it), shared or dedicated to one tenant. <paramref name="Subaccounts"/>: how many the parent
/// owns once it is added, for the ceiling warning.
/// </summary>
public sealed record PlannedSubaccount(TwilioParent Parent, string Name, Guid? DedicatedTenantId, int Subaccounts);
