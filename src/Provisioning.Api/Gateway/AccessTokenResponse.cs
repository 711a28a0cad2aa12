namespace Provisioning.Api.Gateway;

/// <summary>A tenant access token: a signed JWT, not stored anywhere, so it is shown once.</summary>
public sealed record AccessTokenResponse(string Token, DateTimeOffset ExpiresAt, IReadOnlyList<string> Scopes, string TokenType = "Bearer");
