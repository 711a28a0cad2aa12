namespace Provisioning.Api.Reconciliation;

/// <summary>
/// A configuration in one of the pool's accounts that this service did not make: it counts against the account's
/// configuration cap (L1). Recorded when an account joins the pool and when a create is refused at the cap.
/// </summary>
public sealed class KnownForeignConfiguration
{
    private KnownForeignConfiguration()
    {
    }

    public KnownForeignConfiguration(string configurationId, string accountSid, string? displayName, DateTimeOffset recordedAt)
    {
        ConfigurationId = configurationId;
        AccountSid = accountSid;
        DisplayName = displayName;
        RecordedAt = recordedAt;
    }

    public string ConfigurationId { get; private set; } = "";
    public string AccountSid { get; private set; } = "";
    public string? DisplayName { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }
}
