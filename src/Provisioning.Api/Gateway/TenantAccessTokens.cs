using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Provisioning.Api.Data;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Gateway;

/// <summary>
/// Makes short-lived tokens that reach one tenant's memory through the gateway and nothing else: bound to the
/// tenant's id (no later tenant of the clientId shares it) and to its token generation (offboarding and
/// recreate make earlier tokens worthless).
/// </summary>
public sealed class TenantAccessTokens(ProvisioningDbContext db, SigningKeyRing keys, IOptions<GatewayOptions> options, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<AccessTokenResponse> IssueAsync(string clientId, AccessTokenRequest request, CancellationToken cancellationToken)
    {
        var tenant = await db.GetLiveTenantAsync(clientId, cancellationToken);
        var generation = tenant.AuthorizeAccessToken();
        var scopes = request.Scopes!.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var now = time.GetUtcNow();
        var expiresAt = now + (request.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : options.Value.DefaultTokenLifetime);

        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = TenantTokenClaims.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = await keys.SigningCredentialsAsync(cancellationToken),
            Subject = new ClaimsIdentity(
            [
                new Claim(TenantTokenClaims.TenantId, tenant.Id.ToString()),
                new Claim(TenantTokenClaims.ClientId, tenant.ClientId),
                new Claim(TenantTokenClaims.Scope, string.Join(' ', scopes)),
                new Claim(TenantTokenClaims.Generation, generation.ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer32),
            ]),
        });
        return new AccessTokenResponse(token, DateTimeOffset.FromUnixTimeSeconds(expiresAt.ToUnixTimeSeconds()), scopes);
    }
}
