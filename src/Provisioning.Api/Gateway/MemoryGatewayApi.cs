using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Provisioning.Api.Infrastructure.OpenApi;

namespace Provisioning.Api.Gateway;

/// <summary>A tenant's memory (the Memory data plane of its store), for a tenant token of that tenant or a ControlPlane/Admin API key.</summary>
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
            .WithDescription("Authorization: Bearer <tenant token> (memory:read for GET, Recall and Lookup; memory:write for the rest), or a ControlPlane/Admin X-Api-Key. Twilio's answers, errors included, come back unchanged; Location headers point back into the gateway.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithMetadata(new RequestSizeLimitAttribute(app.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxBodyBytes));
        return app;
    }

    private static Task<IResult> ForwardAsync(HttpContext context, string clientId, MemoryGateway gateway, CancellationToken cancellationToken) =>
        gateway.ForwardAsync(context, clientId, cancellationToken);
}
