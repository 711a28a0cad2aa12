using Microsoft.AspNetCore.Http.HttpResults;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Auth;
using Provisioning.Api.Infrastructure.Http;
using Provisioning.Api.Infrastructure.OpenApi;

namespace Provisioning.Api.Tenants;

/// <summary>What admins do to tenants after signup: retry, reprovision, offboard (and cancel it), retry in bulk, and read the webhooks sent.</summary>
public static class TenantAdminApi
{
    public static IEndpointRouteBuilder MapTenantAdminApi(this IEndpointRouteBuilder app)
    {
        // "/v1" rather than "/v1/tenants": the bulk retry is "/v1/tenants:retry", a custom method on the collection.
        var admin = app.MapGroup("/v1")
            .WithTags("Tenant administration")
            .RequireAuthorization(Policies.Admin)
            .WithStandardProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/tenants/{clientId}/retry", RetryAsync)
            .WithName("RetryTenant")
            .WithSummary("Admin: resume a Failed tenant's provisioning from where it stopped.");

        admin.MapPost("/tenants/{clientId}/reprovision", ReprovisionAsync)
            .WithName("ReprovisionTenant")
            .WithSummary("Admin: repair (recreate only what is missing) or recreate (new store, configuration switched, old store retired).")
            .WithValidation<ReprovisionRequest>();

        admin.MapDelete("/tenants/{clientId}", OffboardAsync)
            .WithName("OffboardTenant")
            .WithSummary("Admin: delete the tenant's configuration, then its store, after the grace period (or now with ?immediate=true).");

        admin.MapPost("/tenants/{clientId}/cancel-deletion", CancelDeletionAsync)
            .WithName("CancelTenantDeletion")
            .WithSummary("Admin: restore a tenant whose deletion is pending (within the grace period).");

        admin.MapPost("/tenants/{clientId}/erasure:accept-residual", AcceptResidualErasureAsync)
            .WithName("AcceptResidualErasure")
            .WithSummary("Admin: end an erasure Twilio keeps refusing (its beta refuses store deletes): what remains is recorded, audited, and the tenant is Deleted.")
            .WithValidation<AcceptResidualRequest>();

        admin.MapGet("/tenants/{clientId}/webhooks", ListWebhookDeliveriesAsync)
            .WithName("ListTenantWebhookDeliveries")
            .WithSummary("Admin: the lifecycle webhooks sent for this clientId and every delivery attempt's outcome, oldest first, with keyset paging.")
            .WithDescription($"A page of at most limit deliveries (default {HistoryPageQuery.DefaultLimit}, at most {HistoryPageQuery.MaxLimit}); "
                             + "nextCursor, when present, is the cursor of the next page (null on the last).")
            .WithValidation<HistoryPageQuery>();

        admin.MapPost("/tenants:retry", BulkRetryAsync)
            .WithName("RetryFailedTenants")
            .WithSummary("Admin: retry every Failed tenant (optionally of one account), started at a throttled rate.")
            .RequireRateLimiting(RateLimitPolicies.BulkOperations)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithValidation<BulkRetryRequest>();

        return app;
    }

    private static async Task<Accepted<TenantResponse>> RetryAsync(string clientId, TenantAdministration tenants, CancellationToken cancellationToken) =>
        Accepted(await tenants.RetryAsync(clientId, cancellationToken));

    private static async Task<Accepted<ReprovisionAccepted>> ReprovisionAsync(
        string clientId, ReprovisionRequest request, TenantAdministration tenants, CancellationToken cancellationToken)
    {
        var tenant = await tenants.ReprovisionAsync(clientId, request.ParsedMode, request.Reason!, request.DeleteOldStore ?? false, cancellationToken);
        return TypedResults.Accepted($"/v1/tenants/{tenant.ClientId}", new ReprovisionAccepted(ReprovisionAccepted.RunReference(tenant), TenantResponse.From(tenant)));
    }

    private static async Task<Accepted<TenantResponse>> OffboardAsync(
        string clientId, bool? immediate, string? reason, TenantAdministration tenants, CancellationToken cancellationToken) =>
        Accepted(await tenants.OffboardAsync(clientId, immediate == true, reason, cancellationToken));

    private static async Task<Ok<TenantResponse>> CancelDeletionAsync(
        string clientId, ReasonRequest? request, TenantAdministration tenants, CancellationToken cancellationToken) =>
        TypedResults.Ok(TenantResponse.From(await tenants.CancelDeletionAsync(clientId, request?.Reason, cancellationToken)));

    private static async Task<Ok<TenantResponse>> AcceptResidualErasureAsync(
        string clientId, AcceptResidualRequest request, TenantAdministration tenants, CancellationToken cancellationToken) =>
        TypedResults.Ok(TenantResponse.From(await tenants.AcceptResidualErasureAsync(clientId, request.Reason!, cancellationToken)));

    private static async Task<Accepted<BulkRetryAccepted>> BulkRetryAsync(
        BulkRetryRequest request, TenantAdministration tenants, CancellationToken cancellationToken)
    {
        var retried = await tenants.RetryFailedAsync(request.AccountSid, request.Reason!, request.Limit ?? 1000, cancellationToken);
        return TypedResults.Accepted((string?)null, new BulkRetryAccepted(retried.Count, retried.Select(t => t.ClientId).ToList()));
    }

    private static async Task<Ok<WebhookDeliveryPage>> ListWebhookDeliveriesAsync(
        string clientId, [AsParameters] HistoryPageQuery query, ProvisioningDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.ListWebhookDeliveriesPageAsync(clientId, query.AfterId, query.ParsedLimit, cancellationToken));

    private static Accepted<TenantResponse> Accepted(Tenant tenant) =>
        TypedResults.Accepted($"/v1/tenants/{tenant.ClientId}", TenantResponse.From(tenant));
}
