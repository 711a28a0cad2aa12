using Provisioning.Api.Twilio;

namespace Provisioning.Api.Accounts;

/// <summary>
/// What Twilio answered for a <see cref="PlannedSubaccount"/>: the subaccount (<paramref name="Adopted"/> when a lost
/// reply had made it already) under <paramref name="Parent"/>, and the service's key in it, whose secret is here only
/// until the pool row is saved.
/// </summary>
public sealed record CreatedSubaccount(PlannedSubaccount Plan, TwilioParent Parent, TwilioAccount Subaccount, TwilioApiKey Key, bool Adopted);
