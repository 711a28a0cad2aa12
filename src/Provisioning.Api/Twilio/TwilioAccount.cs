
namespace Provisioning.Api.Twilio;

/// <summary>Account resource (contract §4). <see cref="AuthToken"/> is a secret: never log this record.</summary>
public sealed record TwilioAccount(string Sid, string? FriendlyName, string? Status, string? OwnerAccountSid, string? AuthToken)
{
    public override string ToString() => $"{Sid} ({FriendlyName}, {Status})";
}
