namespace Provisioning.TwilioEmulator.Schema;

/// <summary>
/// The §12.1 codes of the per-store control plane. Twilio documents the codes but not their HTTP statuses; the statuses
/// here are the emulator's choice, each one the route's spec lists among its errors where it lists a fitting one
/// (README, "Per-store control plane").
/// </summary>
public static class SchemaErrors
{
    public const int StoreMissingCode = 520041;
    public const int StoreNotActiveCode = 520042;
    public const int TraitGroupMissingCode = 520047;
    public const int DataMappingMissingCode = 520048;
    public const int ProtectedCode = 520050;
    public const int TraitGroupLimitCode = 520053;
    public const int TraitLimitCode = 520054;
    public const int TraitGroupExistsCode = 520055;
    public const int DataMappingExistsCode = 520056;
    public const int StaleETagCode = 20412;

    /// <summary>The store is not the caller's, not visible yet, or deleted (or being deleted): 404 as for M3.</summary>
    public static ApiError StoreNotFound(string storeId) =>
        new(404, StoreMissingCode, $"Memory Store {storeId} does not exist on this account or has been marked deleted.");

    public static ApiError StoreNotActive(string storeId, string status) =>
        ApiError.StoreNotActive(storeId, status);

    /// <summary>A control-plane route naming a group the store lacks: 404.</summary>
    public static ApiError TraitGroupNotFound(string storeId, string name) =>
        new(404, TraitGroupMissingCode, $"Trait group '{name}' does not exist on Memory Store {storeId}.");

    /// <summary>A profile write into a group the store lacks: a client error, 400 (P8).</summary>
    public static ApiError TraitGroupMissingForWrite(string storeId, string name) =>
        new(400, TraitGroupMissingCode,
            $"Trait group '{name}' does not exist on Memory Store {storeId}. Create the trait group before writing its traits.");

    /// <summary>A profile write of a trait its group does not define (P8): no code of its own is published.</summary>
    public static ApiError TraitNotDefined(string group, string trait) =>
        ApiError.BadRequest($"Trait '{trait}' is not defined in trait group '{group}'. Add it to the trait group before writing it.");

    public static ApiError DataMappingNotFound(string storeId, string id) =>
        new(404, DataMappingMissingCode, $"Data mapping {id} does not exist on Memory Store {storeId}.");

    public static ApiError Protected(int status, string message) => new(status, ProtectedCode, message);

    public static ApiError TraitGroupLimit(int limit) =>
        new(400, TraitGroupLimitCode, $"The Memory Store already has the maximum of {limit} trait groups.");

    public static ApiError TraitLimit(string group, int count, int limit) =>
        new(400, TraitLimitCode, $"Trait group '{group}' would have {count} traits; at most {limit} are allowed.");

    public static ApiError TraitGroupExists(string name) =>
        new(400, TraitGroupExistsCode, $"A trait group named '{name}' already exists on this Memory Store. Names are unique per store.");

    public static ApiError DataMappingExists(string name) =>
        new(409, DataMappingExistsCode, $"A data mapping named '{name}' already exists on this Memory Store. Display names are unique per store.");

    public static ApiError IfMatchRequired() => ApiError.BadRequest("The If-Match header is required: send the ETag of the resource as last read.");

    public static ApiError StaleETag(string ifMatch, string etag) =>
        new(412, StaleETagCode, $"If-Match {ifMatch} does not match the current ETag {etag}.");
}
