namespace Provisioning.Api.Accounts;

/// <summary>
/// One account. A tenant takes a store and a configuration, so <see cref="Free"/> is the smaller of the two
/// dimensions' free slots. <see cref="Capacity"/> and <see cref="Used"/> are the store dimension (as before the
/// configuration cap was counted). No credentials: not even the key SID; <see cref="KeyRotatedAt"/> says when the key
/// last changed. <see cref="EmptySince"/> is set while a subaccount holds nothing (AccountPool:CloseEmptySubaccountsAfter
/// closes it after a while); <see cref="CloseRequestedAt"/> from the moment it is being closed; <see cref="ClosedAt"/> once it is.
/// <see cref="Dedicated"/>: a subaccount made for one tenant alone, <see cref="ClientId"/> (null for shared accounts); its free
/// slots are that tenant's, not the pool's. <see cref="ParentSid"/>: the parent account that owns it (its own SID for a parent).
/// </summary>
public sealed record AccountView(
    string Sid, string ParentSid, string FriendlyName, bool IsParent, bool Dedicated, string? ClientId, PoolAccountStatus Status, bool AcceptsTenants, int Capacity,
    SlotUse Used, int Free, int Tenants, ResourceUse Stores, ResourceUse Configurations, DateTimeOffset? StoresCountedAt, DateTimeOffset CreatedAt,
    DateTimeOffset? KeyRotatedAt, DateTimeOffset? EmptySince, DateTimeOffset? CloseRequestedAt, DateTimeOffset? ClosedAt);
