
namespace Provisioning.TwilioEmulator.Accounts;

/// <summary>Who made a request: the account it acts on and the credential (AC… or SK…) used.</summary>
public sealed record Caller(string AccountSid, string CredentialSid);
