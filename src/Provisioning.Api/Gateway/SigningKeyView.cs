namespace Provisioning.Api.Gateway;

/// <summary>A token signing key as admins see it: no secret.</summary>
public sealed record SigningKeyView(string Id, DateTimeOffset CreatedAt, DateTimeOffset ActivatesAt)
{
    public static SigningKeyView From(SigningKey key) => new(key.Id.ToString("N"), key.CreatedAt, key.ActivatesAt);
}
