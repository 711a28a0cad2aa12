using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Provisioning.Api.Infrastructure.Auth;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Api.Infrastructure.Http;
using Provisioning.Api.Infrastructure.OpenApi;

namespace Provisioning.Api.Tenants;

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
            .WithDescription("Idempotent: the same request again returns the same tenant (202) and starts nothing new; the same clientId with other settings is a 409.")
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

        tenants.MapPost("/{clientId}/retry", RetryTenantAsync)
            .WithName("RetryTenant")
            .WithSummary("Admin: resume a Failed tenant's provisioning from where it stopped.")
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        app.MapTenantAdminApi();

        return app;
    }

    /// <summary>
    /// Idempotent: the same signup again returns the same tenant and enqueues nothing; the same clientId
    /// with other settings is a 409. Concurrent duplicates are settled by the unique index on client_id.
    /// </summary>
    private static async Task<Results<Accepted<TenantResponse>, ProblemHttpResult>> CreateTenantAsync(
        CreateTenantRequest request, ProvisioningDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var clientId = request.ClientId!;
        var orchestrator = request.ToOrchestratorSettings();

        // Insert first: a new signup costs one round trip; a repeated one is told apart by the unique index.
        var tenant = new Tenant(clientId, request.DisplayName, orchestrator, time.GetUtcNow());
        tenant.SetCallbackUrl(request.CallbackUrl);
        db.Tenants.Add(tenant);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            var existing = await LiveTenants(db).AsNoTracking().SingleAsync(t => t.ClientId == clientId, cancellationToken);
            return AnswerRepeatedSignup(existing, request, orchestrator);
        }

        // Recorded is enough to answer: the insert notifies the workers' SignupDispatcher, which enqueues the
        // onboarding off the request path (and nothing is lost if this process dies right here).
        return Accepted(tenant);
    }

    private static Results<Accepted<TenantResponse>, ProblemHttpResult> AnswerRepeatedSignup(
        Tenant existing, CreateTenantRequest request, OrchestratorSettings orchestrator) =>
        existing.HasSameSettings(request.DisplayName, orchestrator, request.CallbackUrl)
            ? Accepted(existing)
            : Problems.Conflict($"Tenant '{existing.ClientId}' already exists with different settings.");

    private static Accepted<TenantResponse> Accepted(Tenant tenant) =>
        TypedResults.Accepted($"/v1/tenants/{tenant.ClientId}", TenantResponse.From(tenant));

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> GetTenantAsync(
        string clientId, ProvisioningDbContext db, CancellationToken cancellationToken)
    {
        // The live tenant of that clientId (one indexed read), else the most recently deleted one.
        var tenant = TenantRules.IsValidClientId(clientId)
            ? await LiveTenants(db).AsNoTracking().SingleOrDefaultAsync(t => t.ClientId == clientId, cancellationToken)
              ?? await db.Tenants.AsNoTracking().Where(t => t.ClientId == clientId).OrderByDescending(t => t.Id).FirstOrDefaultAsync(cancellationToken)
            : null;
        return tenant is null
            ? NoSuchTenant(clientId)
            : TypedResults.Ok(TenantResponse.From(tenant));
    }

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

    private static async Task<Results<Accepted<TenantResponse>, ProblemHttpResult>> RetryTenantAsync(
        string clientId, ProvisioningDbContext db, IBackgroundJobClient jobs, ActorContext actor, TimeProvider time, CancellationToken cancellationToken)
    {
        var tenant = await FindLiveTenantAsync(db, clientId, cancellationToken);
        if (tenant is null)
            return NoSuchTenant(clientId);
        if (tenant.Status != TenantStatus.Failed)
            return Problems.Conflict($"Tenant '{clientId}' is {tenant.Status}; only a Failed tenant can be retried.");

        tenant.Resume(time.GetUtcNow());
        db.TenantEvents.Add(new TenantEvent(tenant.Id, tenant.ClientId, actor.Name, "Retry", null, TenantStatus.Failed, tenant.Status, time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        jobs.Enqueue<TenantOnboardingSaga>(saga => saga.RunAsync(tenant.Id, CancellationToken.None));
        return Accepted(tenant);
    }

    /// <summary>Tenants that are not Deleted: at most one per clientId.</summary>
    internal static IQueryable<Tenant> LiveTenants(ProvisioningDbContext db) => db.Tenants.Where(t => t.Status != TenantStatus.Deleted);

    internal static async Task<Tenant?> FindLiveTenantAsync(ProvisioningDbContext db, string clientId, CancellationToken cancellationToken) =>
        TenantRules.IsValidClientId(clientId)
            ? await LiveTenants(db).SingleOrDefaultAsync(t => t.ClientId == clientId, cancellationToken)
            : null;

    internal static ProblemHttpResult NoSuchTenant(string clientId) =>
        Problems.NotFound($"No tenant with clientId '{(clientId.Length <= 64 ? clientId : clientId[..64] + "…")}'.");
}
