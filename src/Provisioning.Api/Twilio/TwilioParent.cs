namespace Provisioning.Api.Twilio;

/// <summary>
/// A parent account as the service uses it: its place in the fill order (<see cref="Order"/>, 0 first), its
/// credentials (their <see cref="TwilioCredentials.ToString"/> never shows the secret) and its own subaccount ceiling.
/// </summary>
public sealed record TwilioParent(int Order, string Name, TwilioCredentials Credentials, int MaxSubaccounts)
{
    public string AccountSid => Credentials.AccountSid;
}
