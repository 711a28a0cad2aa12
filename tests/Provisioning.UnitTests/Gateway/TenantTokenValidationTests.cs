using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Provisioning.Api.Gateway;

namespace Provisioning.UnitTests.Gateway;

/// <summary>The rules the JWT bearer handler applies to tenant tokens.</summary>
public sealed class TenantTokenValidationTests
{
    private static readonly SymmetricSecurityKey Key = new(new byte[32]) { KeyId = "k1" };
    private static readonly GatewayOptions Options = new();

    [Fact]
    public async Task A_token_past_its_expiry_and_the_clock_skew_is_refused()
    {
        var result = await ValidateAsync(Token(expires: DateTime.UtcNow - TenantTokenValidation.ClockSkew - TimeSpan.FromSeconds(5)));
        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(result.Exception);
    }

    [Fact]
    public async Task A_live_token_of_our_issuer_and_key_is_accepted() =>
        Assert.True((await ValidateAsync(Token(expires: DateTime.UtcNow.AddMinutes(5)))).IsValid);

    [Fact]
    public async Task A_token_of_another_issuer_or_audience_is_refused()
    {
        Assert.False((await ValidateAsync(Token(expires: DateTime.UtcNow.AddMinutes(5), issuer: "someone-else"))).IsValid);
        Assert.False((await ValidateAsync(Token(expires: DateTime.UtcNow.AddMinutes(5), audience: "another-api"))).IsValid);
    }

    [Theory]
    [InlineData("YWJj.YWJj.YWJj")]
    [InlineData("not-a-jwt")]
    [InlineData("!!!.@@@.###")]
    [InlineData("eyJhbGciOiJIUzI1NiIsImtpZCI6.e30.c2ln")]
    [InlineData("a.b.c.d.e")]
    [InlineData("")]
    public void An_unreadable_token_names_no_key_and_throws_nothing(string token) => Assert.Null(TenantTokenEvents.KeyIdOf(token));

    [Fact]
    public void A_readable_token_names_its_key() => Assert.Equal("k1", TenantTokenEvents.KeyIdOf(Token(expires: DateTime.UtcNow.AddMinutes(5))));

    private static string Token(DateTime expires, string? issuer = null, string? audience = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer ?? Options.Issuer,
        Audience = audience ?? TenantTokenClaims.Audience,
        IssuedAt = expires.AddMinutes(-10),
        NotBefore = expires.AddMinutes(-10),
        Expires = expires,
        SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        Subject = new ClaimsIdentity([new Claim(TenantTokenClaims.ClientId, "acme")]),
    });

    private static Task<TokenValidationResult> ValidateAsync(string token) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, TenantTokenValidation.Parameters(Options, _ => [Key]));
}
