namespace Provisioning.TwilioEmulator.Accounts;

/// <summary>A Twilio account: the parent from the settings, or a subaccount created through A1.</summary>
public sealed class Account
{
    public required string Sid { get; init; }
    public required string AuthToken { get; init; }
    public required string FriendlyName { get; set; }

    /// <summary>The parent's SID; a top-level account owns itself.</summary>
    public required string OwnerAccountSid { get; init; }
    public string Status { get; set; } = AccountStatus.Active;
    public required DateTimeOffset DateCreated { get; init; }
    public required DateTimeOffset DateUpdated { get; set; }
    public required long Sequence { get; init; }

    public bool IsTopLevel => OwnerAccountSid == Sid;
}
