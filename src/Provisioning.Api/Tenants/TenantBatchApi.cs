using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Provisioning.Api.Infrastructure.Auth;
using Provisioning.Api.Infrastructure.Http;
using Provisioning.Api.Infrastructure.OpenApi;

namespace Provisioning.Api.Tenants;

/// <summary>Bulk onboarding for the ISV's control plane: many signups in one request.</summary>
public static class TenantBatchApi
{
    /// <summary>1,000 signup bodies with settings fit comfortably; the API's other bodies keep their smaller limit.</summary>
    private const long MaxBodyBytes = 4 * 1024 * 1024;

    public static IEndpointRouteBuilder MapTenantBatchApi(this IEndpointRouteBuilder app)
    {
        // "/v1" rather than "/v1/tenants": "/v1/tenants:batch" is a custom method on the collection.
        var batch = app.MapGroup("/v1")
            .WithTags("Tenants")
            .RequireAuthorization(Policies.ControlPlane)
            .WithStandardProblems();

        batch.MapPost("/tenants:batch", SignUpAsync)
            .WithName("CreateTenantsInBatch")
            .WithSummary("Sign up to 1,000 clients at once: each item is answered as its own POST /v1/tenants would be (202, 200, 409, 400, 422).")
            .WithDescription("207 with one result per item, in order. Idempotent like single signups: sending the batch again answers 200 for the items already recorded. "
                             + "Each item costs one permit of the caller's signup budget (RateLimits:SignupsPerMinute), all or none: a batch the budget "
                             + "cannot cover now is a 429 with Retry-After and records nothing. Also counts against the bulk-operations rate limit.")
            .WithValidation<BatchSignupRequest>()
            .RequireSignupPermits<BatchSignupRequest>(r => r.Tenants!.Count)
            .RequireRateLimiting(RateLimitPolicies.BulkOperations)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .Produces<BatchSignupResponse>(StatusCodes.Status207MultiStatus)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    private static async Task<JsonHttpResult<BatchSignupResponse>> SignUpAsync(
        BatchSignupRequest request, TenantBatchSignups signups, CancellationToken cancellationToken) =>
        TypedResults.Json(await signups.SignUpAsync(request.Tenants!, cancellationToken), statusCode: StatusCodes.Status207MultiStatus);
}
