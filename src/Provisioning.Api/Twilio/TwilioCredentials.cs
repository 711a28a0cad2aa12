using System.Net.Http.Headers;
using System.Text;

namespace Provisioning.Api.Twilio;

/// <summary>
/// Credentials that act on one Twilio account: an account SID + auth token, or an API key SID + secret
/// (contract §1.2). The secret never appears in <see cref="ToString"/>, so logging an instance is safe.
/// </summary>
public sealed class TwilioCredentials(string accountSid, string username, string secret)
{
    public string AccountSid { get; } = accountSid;
    public string Username { get; } = username;

    public AuthenticationHeaderValue ToAuthorizationHeader() =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{secret}")));

    public override string ToString() => $"{Username} acting on {AccountSid}";
}
