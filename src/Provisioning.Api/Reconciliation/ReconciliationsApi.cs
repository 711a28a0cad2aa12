using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Auth;
using Provisioning.Api.Infrastructure.Http;
using Provisioning.Api.Infrastructure.OpenApi;

namespace Provisioning.Api.Reconciliation;

public static class ReconciliationsApi
{
    public static IEndpointRouteBuilder MapReconciliationsApi(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/v1/reconciliations").WithTags("Reconciliation").RequireAuthorization(Policies.Admin).WithStandardProblems();

        runs.MapPost("/", StartAsync)
            .RequireRateLimiting(RateLimitPolicies.BulkOperations)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithName("StartReconciliation")
            .WithSummary("Admin: reconcile PostgreSQL with Twilio now ({\"dryRun\": true} changes nothing). Returns the running run if one is going.");
        runs.MapGet("/", ListAsync)
            .WithName("ListReconciliations")
            .WithSummary("Admin: recent runs, newest first.");
        runs.MapGet("/{id:guid}", GetAsync)
            .WithName("GetReconciliation")
            .WithSummary("Admin: one run: progress or summary, Twilio calls, duration, and its findings (paged).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Accepted<RunView>, Ok<RunView>>> StartAsync(
        StartReconciliationRequest? request, Reconciler reconciler, ActorContext actor, CancellationToken cancellationToken)
    {
        var (run, started) = await reconciler.StartAsync(request?.DryRun ?? false, "api", actor.Name, cancellationToken);
        return started
            ? TypedResults.Accepted($"/v1/reconciliations/{run.Id}", RunView.From(run))
            : TypedResults.Ok(RunView.From(run));
    }

    private static async Task<Ok<IReadOnlyList<RunView>>> ListAsync(ProvisioningDbContext db, int? limit, CancellationToken cancellationToken)
    {
        var runs = await db.ReconciliationRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(Math.Clamp(limit ?? 20, 1, 200)).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<RunView>>(runs.Select(RunView.From).ToList());
    }

    private static async Task<Results<Ok<RunDetailView>, ProblemHttpResult>> GetAsync(
        Guid id, ProvisioningDbContext db, int? limit, Guid? after, CancellationToken cancellationToken)
    {
        var run = await db.ReconciliationRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null) return Problems.NotFound($"No reconciliation run {id}.");

        var take = Math.Clamp(limit ?? 100, 1, 1000);
        var findings = db.ReconciliationFindings.AsNoTracking().Where(f => f.RunId == id);
        if (after is { } cursor) findings = findings.Where(f => f.Id.CompareTo(cursor) > 0);
        var page = await findings.OrderBy(f => f.Id).Take(take + 1)
            .Select(f => new FindingView(f.Id, f.Kind, f.AccountSid, f.StoreId, f.ConfigurationId, f.ClientId, f.Detail, f.DetectedAt, f.Action))
            .ToListAsync(cancellationToken);
        var next = page.Count > take ? page[take - 1].Id : (Guid?)null;
        return TypedResults.Ok(new RunDetailView(RunView.From(run), page.Take(take).ToList(), next));
    }
}
