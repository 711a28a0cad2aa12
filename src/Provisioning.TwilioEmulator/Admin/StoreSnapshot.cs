namespace Provisioning.TwilioEmulator.Admin;

/// <summary>
/// <c>ActiveAt</c> is when the store becomes (or became) ACTIVE, null while its status is pinned out of band.
/// <c>Visible</c> is false inside the eventual-consistency window; <c>Deleting</c> while a delete is pending.
/// </summary>
public sealed record StoreSnapshot(
    string Id, string AccountSid, string DisplayName, string? Description, string Status, DateTimeOffset CreatedAt,
    DateTimeOffset? ActiveAt, bool Visible, bool Deleting);
