using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Auth;
using Provisioning.Api.Infrastructure.Http;
using Provisioning.Api.Infrastructure.OpenApi;

namespace Provisioning.Api.Tenants;

/// <summary>What the ISV's control plane does: sign clients up and read them back.</summary>
public static class TenantsApi
{
    public static IEndpointRouteBuilder MapTenantsApi(this IEndpointRouteBuilder app)
    {
        var tenants = app.MapGroup("/v1/tenants")
            .WithTags("Tenants")
            .RequireAuthorization(Policies.ControlPlane)
            .WithStandardProblems();

        tenants.MapPost("/", CreateTenantAsync)
            .WithName("CreateTenant")
            .WithSummary("Sign a client up: records the tenant and provisions its Twilio resources in the background.")
            .WithDescription("Idempotent: the same request again returns the same tenant (202) and starts nothing new; the same clientId with other settings, or of a tenant that is Failed or being deleted, is a 409.")
            .WithValidation<CreateTenantRequest>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        tenants.MapGet("/{clientId}", GetTenantAsync)
            .WithName("GetTenant")
            .WithSummary("A tenant and how far its provisioning has come.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        tenants.MapGet("/", ListTenantsAsync)
            .WithName("ListTenants")
            .WithSummary("Tenants in signup order, optionally by status, with keyset paging.")
            .WithValidation<ListTenantsQuery>();

        tenants.MapGet("/{clientId}/events", ListEventsAsync)
            .WithName("ListTenantEvents")
            .WithSummary("The audit trail of this clientId: every status change and admin action, oldest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    private static async Task<Accepted<TenantResponse>> CreateTenantAsync(
        CreateTenantRequest request, TenantSignups signups, CancellationToken cancellationToken)
    {
        var tenant = await signups.SignUpAsync(request.ClientId!, request.DisplayName, request.ToOrchestratorSettings(), request.CallbackUrl, cancellationToken);
        return TypedResults.Accepted($"/v1/tenants/{tenant.ClientId}", TenantResponse.From(tenant));
    }

    private static async Task<Ok<TenantResponse>> GetTenantAsync(string clientId, ProvisioningDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(TenantResponse.From(await db.GetLatestTenantAsync(clientId, cancellationToken)));

    private static async Task<Ok<TenantPage>> ListTenantsAsync(
        [AsParameters] ListTenantsQuery query, ProvisioningDbContext db, CancellationToken cancellationToken)
    {
        var tenants = db.Tenants.AsNoTracking();
        if (query.ParsedStatus is { } status) tenants = tenants.Where(t => t.Status == status);
        if (query.AfterId is { } after) tenants = tenants.Where(t => t.Id.CompareTo(after) > 0);

        var limit = query.ParsedLimit;
        var page = await tenants.OrderBy(t => t.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var next = page.Count > limit ? ListTenantsQuery.EncodeCursor(page[limit - 1].Id) : null;
        return TypedResults.Ok(new TenantPage(page.Take(limit).Select(TenantResponse.From).ToList(), next));
    }

    private static async Task<Ok<IReadOnlyList<TenantEventView>>> ListEventsAsync(
        string clientId, ProvisioningDbContext db, CancellationToken cancellationToken)
    {
        await db.EnsureClientIdKnownAsync(clientId, cancellationToken);
        var events = await db.TenantEvents.AsNoTracking().Where(e => e.ClientId == clientId).OrderBy(e => e.Id)
            .Select(e => new TenantEventView(e.At, e.Actor, e.Action, e.Reason, e.Before, e.After))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<TenantEventView>>(events);
    }
}
