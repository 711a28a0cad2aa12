using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
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
            .WithDescription("Idempotent: the same request again returns the same tenant (202) and starts nothing new; the same clientId with other settings "
                             + "(isolation included), or of a tenant that is Failed or being deleted, is a 409. "
                             + "blueprint: the name of a blueprint (Provisioning:DefaultBlueprint when absent) whose latest revision the tenant is to be shaped by; "
                             + "a name that is no blueprint is a 422. isolation: pooled (a subaccount shared with other "
                             + "tenants; the default unless Provisioning:DefaultIsolation says otherwise) or dedicated (a subaccount of its own, closed at offboarding). "
                             + "A new tenant past the deployment's quota (Provisioning:MaxTenants live tenants, Provisioning:MaxDedicatedTenants dedicated ones) is a 409. "
                             + "Counts against the caller's signup budget (RateLimits:SignupsPerMinute; 429 with Retry-After past it). "
                             + "dataClassification: standard (the default); hipaa and pci are refused with 422, because Twilio Conversation Memory and "
                             + "Conversation Orchestrator are not HIPAA-eligible or PCI-compliant. "
                             + "orchestrator.channels: SMS and VOICE addresses are E.164 numbers; WHATSAPP numbers with or without whatsapp: (captured as whatsapp:+E164); "
                             + "RCS rcs:<senderId> or a number (captured as rcs:...). VOICE ingestion: active (the default: no capture rules; your TwiML passes "
                             + "conversationConfiguration from the tenant to ConversationRelay) or passive (capture rules for the numbers, clientIdentities "
                             + "(callType CLIENT) and sipAddresses (callType PUBLIC_SIP); Twilio provisions real-time transcription for them, billed per call, "
                             + "and billed again on calls that also use ConversationRelay).")
            .WithValidation<CreateTenantRequest>()
            .RequireSignupPermits<CreateTenantRequest>(_ => 1)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        tenants.MapGet("/{clientId}", GetTenantAsync)
            .WithName("GetTenant")
            .WithSummary("A tenant and how far its provisioning has come.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        tenants.MapPatch("/{clientId}", UpdateTenantAsync)
            .WithName("UpdateTenant")
            .WithSummary("Change a tenant's settings (JSON merge patch): channels, extraction, status callbacks, display name, callback URL.")
            .WithDescription("RFC 7396 merge patch (application/merge-patch+json or application/json); a channel set to null is removed. "
                             + "202 with the tenant when a new settingsRevision was accepted: it is applied to the tenant's Twilio configuration in the background, "
                             + "and appliedSettingsRevision equals settingsRevision once Twilio has it; 200 when nothing changed. "
                             + "Twilio applies a changed configuration to new conversations only: conversations already open keep the settings they started with. "
                             + "If-Match with the ETag of GET guards against lost updates (412). A conversationGroupingType change is 422 (Twilio cannot change it), "
                             + "and so is an isolation change (the tenant would have to move to another account). "
                             + "409 when the tenant is not Ready or Provisioning, or an address belongs to another tenant. "
                             + "Rate-limited per API key (RateLimits:TenantUpdatesPerMinute; 429 with Retry-After past it).")
            .Accepts<OrchestratorRequest>("application/merge-patch+json", "application/json")
            .RequireRateLimiting(RateLimitPolicies.TenantUpdates)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        tenants.MapGet("/", ListTenantsAsync)
            .WithName("ListTenants")
            .WithSummary("Tenants in signup order, optionally by status or run state (run=overdue: work due for over a minute that no live process holds), with keyset paging.")
            .WithValidation<ListTenantsQuery>();

        tenants.MapGet("/{clientId}/events", ListEventsAsync)
            .WithName("ListTenantEvents")
            .WithSummary("The audit trail of this clientId: every status change and admin action, oldest first, with keyset paging.")
            .WithDescription($"A page of at most limit events (default {HistoryPageQuery.DefaultLimit}, at most {HistoryPageQuery.MaxLimit}); "
                             + "nextCursor, when present, is the cursor of the next page (null on the last).")
            .WithValidation<HistoryPageQuery>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    private static async Task<Accepted<TenantResponse>> CreateTenantAsync(
        CreateTenantRequest request, TenantSignups signups, CancellationToken cancellationToken)
    {
        DataClassifications.EnsureAccepted(request.DataClassification);
        var tenant = await signups.SignUpAsync(request.ClientId!, request.DisplayName, request.ToOrchestratorSettings(), request.CallbackUrl,
            request.ToIsolation(), request.Blueprint, cancellationToken);
        return TypedResults.Accepted($"/v1/tenants/{tenant.ClientId}", TenantResponse.From(tenant));
    }

    private static async Task<Ok<TenantResponse>> GetTenantAsync(string clientId, ProvisioningDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var tenant = await db.GetLatestTenantAsync(clientId, cancellationToken);
        response.Headers.ETag = TenantSettingsChange.ETagOf(tenant);
        return TypedResults.Ok(TenantResponse.From(tenant));
    }

    private static async Task<Results<Accepted<TenantResponse>, Ok<TenantResponse>>> UpdateTenantAsync(
        string clientId, HttpRequest request, HttpResponse response, TenantSettingsChange settings, CancellationToken cancellationToken)
    {
        var patch = await ReadMergePatchAsync(request, cancellationToken);
        var ifMatch = request.Headers.IfMatch.ToString();
        var (tenant, changed) = await settings.ApplyAsync(clientId, patch, ifMatch.Length > 0 ? ifMatch : null, cancellationToken);
        response.Headers.ETag = TenantSettingsChange.ETagOf(tenant);
        return changed
            ? TypedResults.Accepted($"/v1/tenants/{tenant.ClientId}", TenantResponse.From(tenant))
            : TypedResults.Ok(TenantResponse.From(tenant));
    }

    /// <summary>The body as a JSON object, from <c>application/merge-patch+json</c> or <c>application/json</c> only.</summary>
    private static async Task<JsonObject> ReadMergePatchAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        if (mediaType is not ("application/merge-patch+json" or "application/json"))
            throw new BadHttpRequestException("Send the patch as application/merge-patch+json.", StatusCodes.Status415UnsupportedMediaType);
        try
        {
            // A name given twice has no one meaning (RFC 8259 §4), and JsonObject would throw on first use of it.
            return await JsonNode.ParseAsync(request.Body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }, cancellationToken: cancellationToken) as JsonObject
                   ?? throw new BadHttpRequestException("A merge patch is a JSON object.", StatusCodes.Status400BadRequest);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException($"The patch is not valid JSON: {e.Message}", StatusCodes.Status400BadRequest, e);
        }
    }

    private static async Task<Ok<TenantPage>> ListTenantsAsync(
        [AsParameters] ListTenantsQuery query, ProvisioningDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var tenants = db.Tenants.AsNoTracking();
        if (query.ParsedStatus is { } status) tenants = tenants.Where(t => t.Status == status);
        if (query.ParsedRun is { } run) tenants = tenants.InRunState(run, now);
        if (query.AfterId is { } after) tenants = tenants.Where(t => t.Id.CompareTo(after) > 0);

        var limit = query.ParsedLimit;
        var page = await tenants.OrderBy(t => t.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var next = page.Count > limit ? KeysetCursor.Encode(page[limit - 1].Id) : null;
        return TypedResults.Ok(new TenantPage(page.Take(limit).Select(t => TenantResponse.From(t, now)).ToList(), next));
    }

    private static async Task<Ok<TenantEventPage>> ListEventsAsync(
        string clientId, [AsParameters] HistoryPageQuery query, ProvisioningDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.ListEventsPageAsync(clientId, query.AfterId, query.ParsedLimit, cancellationToken));
}
