namespace Provisioning.Api.Console;

/// <summary>The console's browser session: a cookie made at sign-in from an API key, never accepted by the JSON API.</summary>
public static class ConsoleAuthentication
{
    public const string Scheme = "ConsoleSession";

    /// <summary>Admin and ControlPlane keys may read every console page; only Admin may act (<see cref="ConsoleActionsFilter"/>).</summary>
    public const string ReadPolicy = "ConsoleRead";

    /// <summary>The hash of the key the session was made from, so a key removed from configuration ends its sessions.</summary>
    public const string KeyHashClaim = "provisioning:key-sha256";

    public const string CookieName = "provisioning-console";

    public const string LoginPath = "/admin/login";
}
