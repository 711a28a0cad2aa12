namespace Provisioning.Api.Tenants;

/// <summary>
/// A store a tenant no longer uses: replaced by a recreate, or kept because Twilio refused to delete it at
/// offboarding. It holds its slot in its account until it is deleted at Twilio.
/// </summary>
public sealed class RetiredStore
{
    private RetiredStore()
    {
    }

    public RetiredStore(Guid tenantId, string accountSid, string storeId, string originalName, string retiredName, bool deleteAtTwilio, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        TenantId = tenantId;
        AccountSid = accountSid;
        StoreId = storeId;
        OriginalName = originalName;
        RetiredName = retiredName;
        DeleteAtTwilio = deleteAtTwilio;
        RetiredAt = now;
    }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public string AccountSid { get; private set; } = "";
    public string StoreId { get; private set; } = "";
    public string OriginalName { get; private set; } = "";

    /// <summary>The store is renamed to this at Twilio, so that the tenant's store name is free again.</summary>
    public string RetiredName { get; private set; } = "";

    public bool Renamed { get; private set; }
    public bool DeleteAtTwilio { get; private set; }
    public DateTimeOffset RetiredAt { get; private set; }
    public DateTimeOffset? DeletedAt { get; private set; }

    /// <summary>Why Twilio would not delete it, when it would not.</summary>
    public string? DeleteRefusal { get; private set; }

    /// <summary>An admin accepted that this store stays at Twilio (its delete is impossible by policy); the erasure record says so.</summary>
    public DateTimeOffset? ResidualAcceptedAt { get; private set; }

    public bool IsPendingRename => !Renamed && DeletedAt is null;

    /// <summary>A recreate's old store to delete now (kept ones, and refused ones, wait for offboarding).</summary>
    public bool IsPendingDelete => DeleteAtTwilio && DeletedAt is null && DeleteRefusal is null;

    /// <summary>Still at Twilio, holding the client's data: offboarding erases it, whatever a recreate decided.</summary>
    public bool IsAtTwilio => DeletedAt is null && ResidualAcceptedAt is null;

    // Changed only through the progress of the saga that owns its tenant (IRetiredStoreProgress), which checks that it does.
    internal void AcceptResidual(DateTimeOffset now) => ResidualAcceptedAt = now;

    internal void MarkRenamed() => Renamed = true;

    internal void MarkDeleted(DateTimeOffset now) => DeletedAt = now;

    internal void MarkDeleteRefused(string refusal) => DeleteRefusal = Infrastructure.Text.Truncate(refusal, 1024);

    /// <summary>Retired name for a store: still starts with the tenant's name, unique by time.</summary>
    public static string RetiredNameFor(string storeName, DateTimeOffset now) => $"{storeName}-retired-{now:yyyyMMddHHmmss}";
}
