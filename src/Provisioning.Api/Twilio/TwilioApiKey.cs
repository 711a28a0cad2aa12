
namespace Provisioning.Api.Twilio;

/// <summary>A5 answer. <see cref="Secret"/> appears only here.</summary>
public sealed record TwilioApiKey(string Sid, string? FriendlyName, string? Secret)
{
    public override string ToString() => Sid;
}
