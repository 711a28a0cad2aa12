namespace Provisioning.Api.Reconciliation;

/// <summary>A store at Twilio that is not ours, already seen: counted against its account's cap and not fetched again.</summary>
public sealed class KnownForeignStore
{
    private KnownForeignStore()
    {
    }

    public KnownForeignStore(string storeId, string accountSid, string? displayName, DateTimeOffset now)
    {
        StoreId = storeId;
        AccountSid = accountSid;
        DisplayName = displayName;
        FirstSeenAt = now;
    }

    public string StoreId { get; private set; } = "";
    public string AccountSid { get; private set; } = "";
    public string? DisplayName { get; private set; }
    public DateTimeOffset FirstSeenAt { get; private set; }
}
