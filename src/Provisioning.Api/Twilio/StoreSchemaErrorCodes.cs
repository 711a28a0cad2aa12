namespace Provisioning.Api.Twilio;

/// <summary>
/// Twilio codes of a store's control plane (contract §12.1). Their HTTP statuses are not documented: branch on these
/// codes (<see cref="TwilioApiException.TwilioCode"/>), never on the status.
/// </summary>
public static class StoreSchemaErrorCodes
{
    /// <summary>The store does not exist on this account, or was deleted (P4): not a missing group.</summary>
    public const int StoreMissing = 520041;

    /// <summary>A trait was written into a group the store lacks (or the group named does not exist).</summary>
    public const int TraitGroupMissing = 520047;

    public const int DataMappingMissing = 520048;

    /// <summary>The out-of-the-box group or one of its identifier traits: cannot be modified or deleted.</summary>
    public const int Protected = 520050;

    public const int TraitGroupLimitExceeded = 520053;

    public const int TraitLimitExceeded = 520054;

    public const int TraitGroupExists = 520055;

    public const int DataMappingExists = 520056;

    /// <summary>A stale <c>If-Match</c> (HTTP 412): read again and reapply the change.</summary>
    public const int StaleETag = 20412;
}
