namespace Provisioning.TwilioEmulator;

/// <summary>
/// One more top-level (parent) account besides <see cref="EmulatorOptions.AccountSid"/>: an ISV with several Twilio
/// parents. Each owns the subaccounts it creates; no parent sees or acts on another's.
/// </summary>
public sealed class EmulatorParentAccount
{
    public string AccountSid { get; set; } = "";

    public string AuthToken { get; set; } = "";

    public string FriendlyName { get; set; } = "Emulator parent account";
}
