namespace Provisioning.TwilioEmulator.Accounts;

/// <summary>An API key (SK…) that authenticates as its owning account.</summary>
public sealed class ApiKey
{
    public required string Sid { get; init; }
    public required string Secret { get; init; }
    public required string AccountSid { get; init; }
    public required string FriendlyName { get; set; }
    public required DateTimeOffset DateCreated { get; init; }
    public required DateTimeOffset DateUpdated { get; set; }
    public required long Sequence { get; init; }
}
