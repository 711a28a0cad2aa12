namespace Provisioning.Api.Accounts;

/// <summary>
/// Answer of a key rotation. No secret and no key SID, as in <see cref="AccountView"/>. The old key stays valid
/// until <see cref="RetiredKeysDeleteAt"/> (AccountPool:RetiredKeyGracePeriod); <see cref="RetiredKeysDeleted"/> says
/// whether Twilio holds no key of ours but the current one.
/// </summary>
public sealed record KeyRotationView(string AccountSid, DateTimeOffset RotatedAt, bool RetiredKeysDeleted, DateTimeOffset? RetiredKeysDeleteAt)
{
    public static KeyRotationView Of(PoolAccount account) =>
        new(account.Sid, account.CredentialsRotatedAt!.Value, account.RetiredKeysDeleteAt is null, account.RetiredKeysDeleteAt);
}
