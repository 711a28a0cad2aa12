
namespace Provisioning.Api.Twilio;

/// <summary>
/// Account resource (§4), without its auth_token: the service acts in subaccounts with API keys of its own, so it
/// never reads a secret it does not need.
/// </summary>
public sealed record TwilioAccount(string Sid, string? FriendlyName, string? Status, string? OwnerAccountSid)
{
    public override string ToString() => $"{Sid} ({FriendlyName}, {Status})";
}
