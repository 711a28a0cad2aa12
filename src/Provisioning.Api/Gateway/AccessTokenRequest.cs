namespace Provisioning.Api.Gateway;

/// <summary>Body of <c>POST /v1/tenants/{clientId}/access-tokens</c>.</summary>
/// <param name="Scopes"><c>memory:read</c> and/or <c>memory:write</c>; named explicitly, so a token has only what its holder needs.</param>
/// <param name="TtlSeconds">Lifetime in seconds; default <c>Gateway__DefaultTokenLifetime</c> (900), at most <c>Gateway__MaxTokenLifetime</c>.</param>
public sealed record AccessTokenRequest(IReadOnlyList<string>? Scopes, int? TtlSeconds);
