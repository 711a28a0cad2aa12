using Microsoft.IdentityModel.Tokens;

namespace Provisioning.Api.Gateway;

/// <summary>What makes a tenant access token valid: our issuer and audience, HMAC-SHA256 by one of our keys, not expired.</summary>
public static class TenantTokenValidation
{
    /// <summary>Clocks of the service's instances may differ a little; a token is not honoured longer than this past its expiry.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static TokenValidationParameters Parameters(GatewayOptions options, Func<string?, IEnumerable<SecurityKey>> keys) => new()
    {
        ValidIssuer = options.Issuer,
        ValidAudience = TenantTokenClaims.Audience,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateLifetime = true,
        RequireExpirationTime = true,
        ClockSkew = ClockSkew,
        NameClaimType = TenantTokenClaims.ClientId,
        IssuerSigningKeyResolver = (_, _, keyId, _) => keys(keyId),
    };
}
