namespace Provisioning.Api.Console;

/// <summary>
/// A console session the service still honours. Signing out deletes it, so a copy of the cookie taken before (from a
/// shared machine, a proxy log, a backup of a browser profile) is worth nothing afterwards; the cookie alone is not
/// enough.
/// </summary>
public sealed class ConsoleSession
{
    private ConsoleSession()
    {
    }

    public ConsoleSession(string keyName, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        KeyName = keyName;
        SignedInAt = now;
        LastSeenAt = now;
    }

    /// <summary>Carried in the cookie's ticket (<see cref="ConsoleAuthentication.SessionIdClaim"/>).</summary>
    public Guid Id { get; private set; }

    /// <summary>The key's name, the session's actor (for an operator who wants to know who is signed in).</summary>
    public string KeyName { get; private set; } = "";

    public DateTimeOffset SignedInAt { get; private set; }

    /// <summary>Renewed at most once a minute; a session unused for <c>Console:SessionLifetime</c> is over here too.</summary>
    public DateTimeOffset LastSeenAt { get; private set; }
}
