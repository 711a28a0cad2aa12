namespace Provisioning.Api.Gateway;

/// <summary>
/// A key that signs tenant access tokens (HMAC-SHA256). Its secret is encrypted with ASP.NET Core Data
/// Protection, like the subaccount keys: never logged, never returned. The newest active key signs; every key
/// young enough to have signed a token that has not expired yet validates.
/// </summary>
public sealed class SigningKey
{
    private SigningKey()
    {
    }

    public SigningKey(string protectedSecret, DateTimeOffset now, TimeSpan activationDelay)
    {
        Id = Guid.CreateVersion7(now);
        ProtectedSecret = protectedSecret;
        CreatedAt = now;
        ActivatesAt = now + activationDelay;
    }

    /// <summary>The token header's <c>kid</c>.</summary>
    public Guid Id { get; private set; }

    public string ProtectedSecret { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When it starts signing (until then it only validates).</summary>
    public DateTimeOffset ActivatesAt { get; private set; }
}
