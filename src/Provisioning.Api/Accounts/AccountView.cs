
namespace Provisioning.Api.Accounts;

/// <summary>One account. No credentials: not even the key SID.</summary>
public sealed record AccountView(
    string Sid, string FriendlyName, bool IsParent, PoolAccountStatus Status, bool AcceptsTenants, int Capacity,
    SlotUse Used, int Free, int Tenants, DateTimeOffset? StoresCountedAt, DateTimeOffset CreatedAt);
