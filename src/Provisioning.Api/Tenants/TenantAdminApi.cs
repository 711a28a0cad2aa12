using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Accounts;
using Provisioning.Api.Infrastructure.Auth;
using Provisioning.Api.Infrastructure.Database;
using Provisioning.Api.Infrastructure.Http;
using Provisioning.Api.Infrastructure.OpenApi;

namespace Provisioning.Api.Tenants;

/// <summary>What admins do to tenants after signup: reprovision, offboard (and cancel it), retry in bulk, and read the trail.</summary>
public static class TenantAdminApi
{
    public static IEndpointRouteBuilder MapTenantAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1/tenants").WithTags("Tenant administration").RequireAuthorization(Policies.Admin)
            .WithStandardProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/{clientId}/reprovision", ReprovisionAsync)
            .WithName("ReprovisionTenant")
            .WithSummary("Admin: repair (recreate only what is missing) or recreate (new store, configuration switched, old store retired).")
            .WithValidation<ReprovisionRequest>();

        admin.MapDelete("/{clientId}", OffboardAsync)
            .WithName("OffboardTenant")
            .WithSummary("Admin: delete the tenant's configuration, then its store, after the grace period (or now with ?immediate=true).");

        admin.MapPost("/{clientId}/cancel-deletion", CancelDeletionAsync)
            .WithName("CancelTenantDeletion")
            .WithSummary("Admin: restore a tenant whose deletion is pending (within the grace period).");

        admin.MapGet("/{clientId}/webhooks", ListWebhookDeliveriesAsync)
            .WithName("ListTenantWebhookDeliveries")
            .WithSummary("Admin: the lifecycle webhooks sent for this clientId and every delivery attempt's outcome.");

        app.MapPost("/v1/tenants:retry", BulkRetryAsync)
            .WithTags("Tenant administration")
            .WithName("RetryFailedTenants")
            .WithSummary("Admin: retry every Failed tenant (optionally of one account), started at a throttled rate.")
            .RequireAuthorization(Policies.Admin)
            .WithStandardProblems()
            .WithValidation<BulkRetryRequest>();

        app.MapGet("/v1/tenants/{clientId}/events", ListEventsAsync)
            .WithTags("Tenants")
            .WithName("ListTenantEvents")
            .WithSummary("The audit trail of this clientId: every status change and admin action, oldest first.")
            .RequireAuthorization(Policies.ControlPlane)
            .WithStandardProblems()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Accepted<ReprovisionAccepted>, ProblemHttpResult, ValidationProblem>> ReprovisionAsync(
        string clientId, ReprovisionRequest request, ProvisioningDbContext db, AccountPool accounts, IBackgroundJobClient jobs,
        ActorContext actor, TimeProvider time, CancellationToken cancellationToken)
    {
        var tenant = await TenantsApi.FindLiveTenantAsync(db, clientId, cancellationToken);
        if (tenant is null) return TenantsApi.NoSuchTenant(clientId);
        if (tenant.Status is not (TenantStatus.Ready or TenantStatus.Failed) || tenant.AccountSid is null)
            return Problems.Conflict($"Tenant '{clientId}' is {tenant.Status}; only a Ready or Failed tenant that has an account can be reprovisioned.");

        var now = time.GetUtcNow();
        var before = tenant.Status;
        var mode = request.ParsedMode;
        if (mode == ReprovisionMode.Recreate)
        {
            if (tenant.MemoryStoreId is null)
                return Problems.Conflict($"Tenant '{clientId}' has no store to replace; use mode \"repair\".");
            // The new store lives beside the old one until the switch: it needs a slot of its own, in the same account.
            if (!await accounts.TryTakeExtraSlotAsync(tenant.AccountSid, cancellationToken))
                return Problems.Conflict($"Account {tenant.AccountSid} has no free slot for a second store; raise its capacity (PATCH /v1/accounts/{tenant.AccountSid}) or use mode \"repair\".");
            tenant.RetireCurrentStore(RetiredStore.RetiredNameFor(tenant.MemoryStoreName, now), request.DeleteOldStore ?? false, now);
        }
        tenant.RequestReprovision(mode, now);
        db.TenantEvents.Add(new TenantEvent(tenant.Id, tenant.ClientId, actor.Name, $"Reprovision:{request.Mode}", request.Reason, before, tenant.Status, now));
        await db.SaveChangesAsync(CancellationToken.None);

        var jobId = jobs.Enqueue<TenantOnboardingSaga>(saga => saga.RunAsync(tenant.Id, CancellationToken.None));
        return TypedResults.Accepted($"/v1/tenants/{tenant.ClientId}", new ReprovisionAccepted(jobId, TenantResponse.From(tenant)));
    }

    private static async Task<Results<Accepted<TenantResponse>, ProblemHttpResult>> OffboardAsync(
        string clientId, bool? immediate, string? reason, ProvisioningDbContext db, IBackgroundJobClient jobs, ActorContext actor,
        IOptions<ProvisioningOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var tenant = await TenantsApi.FindLiveTenantAsync(db, clientId, cancellationToken);
        if (tenant is null) return TenantsApi.NoSuchTenant(clientId);
        var retryingStuckDeletion = tenant.Status == TenantStatus.Deprovisioning && immediate == true;
        if (tenant.Status is not (TenantStatus.Ready or TenantStatus.Failed) && !retryingStuckDeletion)
            return Problems.Conflict($"Tenant '{clientId}' is {tenant.Status}; a Ready or Failed tenant can be offboarded.");

        var now = time.GetUtcNow();
        var before = tenant.Status;
        var dueAt = immediate == true ? now : now + options.Value.DeletionGracePeriod;
        if (!retryingStuckDeletion) tenant.RequestDeletion(dueAt, now);
        db.TenantEvents.Add(new TenantEvent(tenant.Id, tenant.ClientId, actor.Name, immediate == true ? "Offboard:immediate" : "Offboard",
            reason, before, tenant.Status, now));
        await db.SaveChangesAsync(CancellationToken.None);

        jobs.Schedule<TenantOffboardingSaga>(saga => saga.RunAsync(tenant.Id, CancellationToken.None), dueAt);
        return TypedResults.Accepted($"/v1/tenants/{tenant.ClientId}", TenantResponse.From(tenant));
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> CancelDeletionAsync(
        string clientId, ReasonRequest? request, ProvisioningDbContext db, ActorContext actor, TimeProvider time, CancellationToken cancellationToken)
    {
        var tenant = await TenantsApi.FindLiveTenantAsync(db, clientId, cancellationToken);
        if (tenant is null) return TenantsApi.NoSuchTenant(clientId);
        if (tenant.Status != TenantStatus.PendingDeletion)
            return Problems.Conflict($"Tenant '{clientId}' is {tenant.Status}; only a deletion that is still pending can be cancelled.");

        var now = time.GetUtcNow();
        tenant.CancelDeletion(now);
        db.TenantEvents.Add(new TenantEvent(tenant.Id, tenant.ClientId, actor.Name, "CancelDeletion", request?.Reason, TenantStatus.PendingDeletion, tenant.Status, now));
        await db.SaveChangesAsync(CancellationToken.None);
        return TypedResults.Ok(TenantResponse.From(tenant));
    }

    private static async Task<Accepted<BulkRetryAccepted>> BulkRetryAsync(
        BulkRetryRequest request, ProvisioningDbContext db, IBackgroundJobClient jobs, ActorContext actor,
        IOptions<ProvisioningOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var failed = db.Tenants.Where(t => t.Status == TenantStatus.Failed);
        if (request.AccountSid is { } accountSid) failed = failed.Where(t => t.AccountSid == accountSid);
        var tenants = await failed.OrderBy(t => t.Id).Take(request.Limit ?? 1000).ToListAsync(cancellationToken);

        var now = time.GetUtcNow();
        foreach (var tenant in tenants)
        {
            tenant.Resume(now);
            db.TenantEvents.Add(new TenantEvent(tenant.Id, tenant.ClientId, actor.Name, "BulkRetry", request.Reason, TenantStatus.Failed, tenant.Status, now));
        }
        await db.SaveChangesAsync(CancellationToken.None);

        // Throttled: spread the starts so that a bulk retry never becomes a burst against Twilio.
        var perSecond = options.Value.BulkRetryPerSecond;
        for (var i = 0; i < tenants.Count; i++)
        {
            var id = tenants[i].Id;
            var delay = TimeSpan.FromSeconds((double)i / perSecond);
            if (delay == TimeSpan.Zero) jobs.Enqueue<TenantOnboardingSaga>(saga => saga.RunAsync(id, CancellationToken.None));
            else jobs.Schedule<TenantOnboardingSaga>(saga => saga.RunAsync(id, CancellationToken.None), delay);
        }
        return TypedResults.Accepted((string?)null, new BulkRetryAccepted(tenants.Count, tenants.Select(t => t.ClientId).ToList()));
    }

    private static async Task<Results<Ok<IReadOnlyList<TenantEventView>>, ProblemHttpResult>> ListEventsAsync(
        string clientId, ProvisioningDbContext db, CancellationToken cancellationToken)
    {
        if (!TenantRules.IsValidClientId(clientId) || !await db.Tenants.AnyAsync(t => t.ClientId == clientId, cancellationToken))
            return TenantsApi.NoSuchTenant(clientId);
        var events = await db.TenantEvents.AsNoTracking().Where(e => e.ClientId == clientId).OrderBy(e => e.Id)
            .Select(e => new TenantEventView(e.At, e.Actor, e.Action, e.Reason, e.Before, e.After))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<TenantEventView>>(events);
    }

    private static async Task<Results<Ok<IReadOnlyList<WebhookDeliveryView>>, ProblemHttpResult>> ListWebhookDeliveriesAsync(
        string clientId, ProvisioningDbContext db, CancellationToken cancellationToken)
    {
        if (!TenantRules.IsValidClientId(clientId) || !await db.Tenants.AnyAsync(t => t.ClientId == clientId, cancellationToken))
            return TenantsApi.NoSuchTenant(clientId);
        var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => d.ClientId == clientId).OrderBy(d => d.Id)
            .Select(d => new WebhookDeliveryView(d.Id, d.EventType, d.Url, d.Attempts, d.LastAttemptAt, d.LastStatus, d.LastError, d.DeliveredAt, d.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<WebhookDeliveryView>>(deliveries);
    }
}

public sealed record ReprovisionAccepted(string JobId, TenantResponse Tenant);

public sealed record BulkRetryAccepted(int Enqueued, IReadOnlyList<string> ClientIds);

public sealed record TenantEventView(DateTimeOffset At, string Actor, string Action, string? Reason, TenantStatus? Before, TenantStatus? After);

public sealed record WebhookDeliveryView(
    Guid Id, string EventType, string Url, int Attempts, DateTimeOffset? LastAttemptAt, int? LastStatus, string? LastError,
    DateTimeOffset? DeliveredAt, DateTimeOffset CreatedAt);
