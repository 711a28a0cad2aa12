using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Provisioning.Api.Infrastructure.OpenApi;

namespace Provisioning.Api.Gateway;

/// <summary>A tenant's memory (the Memory data plane of its store), for a tenant token of that tenant (or a ControlPlane/Admin API key where Gateway:AllowApiKeys).</summary>
public static class MemoryGatewayApi
{
    public static IEndpointRouteBuilder MapMemoryGatewayApi(this IEndpointRouteBuilder app)
    {
        var memory = app.MapGroup("/v1/tenants/{clientId}/memory")
            .WithTags("Memory gateway")
            .RequireAuthorization(GatewayServiceCollectionExtensions.MemoryPolicy)
            .RequireRateLimiting(GatewayServiceCollectionExtensions.PerTenantRateLimit)
            .WithStandardProblems();

        memory.MapMethods("/{**path}", [HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete], ForwardAsync)
            .WithName("TenantMemory")
            .WithSummary("Forwards to Twilio's Memory data plane of the tenant's own store (contract §11): Profiles, Profiles/Lookup, Profiles/{id}, Traits, Observations, ConversationSummaries, Recall, Profiles/Bulk, Profiles/Imports.")
            .WithDescription("Authorization: Bearer <tenant token> of this tenant (memory:read for GET, Recall and Lookup; memory:write for the rest); a ControlPlane/Admin X-Api-Key only where the deployment sets Gateway__AllowApiKeys. A token of another tenant is 403 and spends no budget. Twilio's status and body come back unchanged, with only Content-Type, Content-Length, Content-Encoding, ETag, Retry-After, Twilio-Request-Id, Canonical-Profile-Id and Location (pointing back into the gateway). A compressed body (Content-Encoding gzip, deflate, br or compress) is taken by Recall and the Observations and ConversationSummaries POSTs only (415 elsewhere).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status405MethodNotAllowed)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithMetadata(new RequestSizeLimitAttribute(app.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxBodyBytes));
        return app;
    }

    private static Task<IResult> ForwardAsync(HttpContext context, string clientId, MemoryGateway gateway, CancellationToken cancellationToken) =>
        gateway.ForwardAsync(context, clientId, cancellationToken);
}
