namespace Provisioning.TwilioEmulator.Accounts;

public static class AccountStatus
{
    public const string Active = "active";
    public const string Suspended = "suspended";
    public const string Closed = "closed";

    public static bool IsValid(string value) => value is Active or Suspended or Closed;
}
