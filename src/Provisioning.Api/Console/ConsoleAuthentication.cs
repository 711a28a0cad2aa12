namespace Provisioning.Api.Console;

/// <summary>The console's browser session: a cookie made at sign-in from an API key, never accepted by the JSON API.</summary>
public static class ConsoleAuthentication
{
    public const string Scheme = "ConsoleSession";

    /// <summary>
    /// Admin and ControlPlane keys may read the pages whose data the API shows a ControlPlane key (tenants); only
    /// Admin may act (<see cref="ConsoleActionsFilter"/>).
    /// </summary>
    public const string ReadPolicy = "ConsoleRead";

    /// <summary>
    /// Pages of data the API keeps for Admin keys (accounts: <c>GET /v1/accounts</c>; reconciliation runs and findings:
    /// <c>GET /v1/reconciliations</c>): a ControlPlane session may not read them either.
    /// </summary>
    public const string AdminReadPolicy = "ConsoleAdminRead";

    /// <summary>The hash of the key the session was made from, so a key removed from configuration ends its sessions.</summary>
    public const string KeyHashClaim = "provisioning:key-sha256";

    /// <summary>The server-side session (<see cref="ConsoleSession"/>) the cookie stands for; signing out deletes it.</summary>
    public const string SessionIdClaim = "provisioning:console-session";

    public const string CookieName = "provisioning-console";

    public const string LoginPath = "/admin/login";
}
