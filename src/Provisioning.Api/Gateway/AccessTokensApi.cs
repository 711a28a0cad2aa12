using Microsoft.AspNetCore.Http.HttpResults;
using Provisioning.Api.Infrastructure.Auth;
using Provisioning.Api.Infrastructure.Http;
using Provisioning.Api.Infrastructure.OpenApi;

namespace Provisioning.Api.Gateway;

/// <summary>The ISV's control plane makes short-lived tokens for its runtime to reach one tenant's memory.</summary>
public static class AccessTokensApi
{
    public static IEndpointRouteBuilder MapAccessTokensApi(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapGroup("/v1/tenants/{clientId}/access-tokens")
            .WithTags("Memory gateway")
            .RequireAuthorization(Policies.ControlPlane)
            .WithStandardProblems();

        tokens.MapPost("/", IssueAsync)
            .WithName("CreateTenantAccessToken")
            .WithSummary("A signed, short-lived token that reaches this tenant's memory through the gateway, and nothing else.")
            .WithDescription("Only for a Ready tenant. Tokens are not stored: offboarding or recreating the tenant makes every earlier token worthless. "
                             + "Rate-limited per API key (RateLimits:AccessTokensPerMinute; 429 with Retry-After past it).")
            .WithValidation<AccessTokenRequest>()
            .RequireRateLimiting(RateLimitPolicies.AccessTokens)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Created<AccessTokenResponse>> IssueAsync(
        string clientId, AccessTokenRequest request, TenantAccessTokens tokens, CancellationToken cancellationToken) =>
        TypedResults.Created((string?)null, await tokens.IssueAsync(clientId, request, cancellationToken));
}
