namespace Provisioning.TwilioEmulator.Admin;

// JSON shapes of the /_emulator admin API (camelCase on the wire). Public so test helpers can reuse them.

public sealed record EmulatorStateSnapshot(
    IReadOnlyList<AccountSnapshot> Accounts,
    IReadOnlyList<ApiKeySnapshot> ApiKeys,
    IReadOnlyList<StoreSnapshot> Stores,
    IReadOnlyList<ConfigurationSnapshot> Configurations,
    IReadOnlyList<OperationSnapshot> Operations);

public sealed record AccountSnapshot(string Sid, string FriendlyName, string Status, string OwnerAccountSid, DateTimeOffset DateCreated);

/// <summary>Secrets are never exposed here.</summary>
public sealed record ApiKeySnapshot(string Sid, string AccountSid, string FriendlyName, DateTimeOffset DateCreated);

/// <summary>
/// <c>ActiveAt</c> is when the store becomes (or became) ACTIVE, null while its status is pinned out of band.
/// <c>Visible</c> is false inside the eventual-consistency window; <c>Deleting</c> while a delete is pending.
/// </summary>
public sealed record StoreSnapshot(
    string Id, string AccountSid, string DisplayName, string? Description, string Status, DateTimeOffset CreatedAt,
    DateTimeOffset? ActiveAt, bool Visible, bool Deleting);

public sealed record ConfigurationSnapshot(
    string Id,
    string AccountSid,
    string MemoryStoreId,
    string DisplayName,
    bool MemoryExtractionEnabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version,
    bool Visible,
    bool Deleting);

public sealed record OperationSnapshot(string Id, string Plane, string AccountSid, string Status, string? ResourceId, DateTimeOffset CreatedAt);

/// <summary>Body of <c>POST /_emulator/accounts/{sid}/stores</c>: a store that appears instantly ACTIVE and visible.</summary>
public sealed record OutOfBandStoreRequest(string DisplayName, string? Description = null);

/// <summary>Body of <c>PATCH /_emulator/stores/{id}</c>. <c>Status</c> pins the status (QUEUED, PROVISIONING, ACTIVE, FAILED).</summary>
public sealed record OutOfBandStoreChange(string? Status = null, string? DisplayName = null);

/// <summary>Body of <c>POST /_emulator/accounts/{sid}/configurations</c>; the store reference is not checked.</summary>
public sealed record OutOfBandConfigurationRequest(
    string DisplayName,
    string MemoryStoreId,
    bool MemoryExtractionEnabled = false,
    string? Description = null,
    string? ConversationGroupingType = null);

/// <summary>Body of <c>PATCH /_emulator/configurations/{id}</c>; unchecked, to create drift.</summary>
public sealed record OutOfBandConfigurationChange(string? MemoryStoreId = null, bool? MemoryExtractionEnabled = null, string? DisplayName = null);

/// <summary>Body of <c>PATCH /_emulator/accounts/{sid}</c>: any status change, even reopening a closed account.</summary>
public sealed record OutOfBandAccountChange(string? Status = null, string? FriendlyName = null);
