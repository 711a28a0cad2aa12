using Microsoft.AspNetCore.Http.HttpResults;
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

    private static async Task<Ok<IReadOnlyList<RunView>>> ListAsync(ProvisioningDbContext db, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.ListRunsAsync(limit ?? 20, cancellationToken));

    private static async Task<Results<Ok<RunDetailView>, ProblemHttpResult>> GetAsync(
        Guid id, ProvisioningDbContext db, int? limit, Guid? after, CancellationToken cancellationToken) =>
        await db.GetRunAsync(id, limit ?? 100, after, cancellationToken) is { } detail
            ? TypedResults.Ok(detail)
            : Problems.NotFound($"No reconciliation run {id}.");
}
