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
            .WithSummary("Forwards to Twilio's Memory data plane of the tenant's own store (contract §11, §12.3): Profiles, Profiles/Lookup, Profiles/Bulk, Profiles/Imports, Profiles/Imports/{importId}, Profiles/{id}, Traits, Identifiers, Identifiers/{idType}, Observations, Observations/{observationId}, Observations/{observationId}/Revisions, ConversationSummaries, ConversationSummaries/{summaryId}, Recall.")
            .WithDescription("Authorization: Bearer <tenant token> of this tenant (memory:read for GET, Recall and Lookup; memory:write for the rest); a ControlPlane/Admin X-Api-Key only where the deployment sets Gateway__AllowApiKeys. A token of another tenant is 403 and spends no budget. Ids must be in Twilio's formats (mem_profile_…, mem_observation_…, mem_summary_…, mem_import_…; idType 2–30 characters), else 404 without a call to Twilio. Query parameters (paging, list filters, removeAll) pass as given. Twilio's status and body come back unchanged (an import's 201 and its upload url included), with only Content-Type, Content-Length, Content-Encoding, ETag, Retry-After, Twilio-Request-Id, Canonical-Profile-Id and Location (pointing back into the gateway). A compressed body (Content-Encoding gzip, deflate, br or compress) is taken by Recall and the Observations and ConversationSummaries POSTs only (415 elsewhere); Accept-Encoding reaches Twilio on Recall, the Observations and ConversationSummaries lists and POSTs and Revisions, and a compressed answer comes back as Twilio sent it, with its Content-Encoding. A store that is not ACTIVE (the tenant still being provisioned, or Twilio's 520042) is 503 \"Memory not ready\" with Retry-After; a failed or leaving tenant is 409. Twilio's 520047 (no such trait group) is always a 4xx: Twilio's own when it sends one, else 422.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status405MethodNotAllowed)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithMetadata(new RequestSizeLimitAttribute(app.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxBodyBytes));
        return app;
    }

    private static Task<IResult> ForwardAsync(HttpContext context, string clientId, MemoryGateway gateway, CancellationToken cancellationToken) =>
        gateway.ForwardAsync(context, clientId, cancellationToken);
}
