namespace Provisioning.Api.Gateway;

/// <summary>The claims of a tenant access token besides the registered ones (iss, aud, exp, iat, nbf).</summary>
public static class TenantTokenClaims
{
    /// <summary><c>sub</c>: the tenant's id, which no later tenant of the same clientId shares.</summary>
    public const string TenantId = "sub";

    public const string ClientId = "client_id";

    /// <summary>Space-separated scopes (RFC 8693 §4.2).</summary>
    public const string Scope = "scope";

    /// <summary>The tenant's token generation when the token was made; offboarding and recreate move it on.</summary>
    public const string Generation = "gen";

    public const string Audience = "memory-gateway";
}
