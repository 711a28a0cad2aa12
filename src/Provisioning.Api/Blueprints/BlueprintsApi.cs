using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Provisioning.Api.Infrastructure.Auth;
using Provisioning.Api.Infrastructure.Http;
using Provisioning.Api.Infrastructure.OpenApi;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Blueprints;

/// <summary>Admin: the blueprints (versioned desired states of tenants' stores and configurations) and their revisions.</summary>
public static class BlueprintsApi
{
    /// <summary>
    /// A document at Twilio's limits (50 groups of 95 traits) is some 200 KB without descriptions or patterns; the API's
    /// other bodies keep their smaller limit.
    /// </summary>
    private const long MaxBodyBytes = 4 * 1024 * 1024;

    private const string NameRule = "Names: 1-63 lowercase letters, digits and hyphens, starting with a letter.";

    public static IEndpointRouteBuilder MapBlueprints(this IEndpointRouteBuilder app)
    {
        var blueprints = app.MapGroup("/v1/blueprints")
            .WithTags("Blueprints")
            .RequireAuthorization(Policies.Admin)
            .WithStandardProblems();

        blueprints.MapPost("/", CreateAsync)
            .WithName("CreateBlueprint")
            .WithSummary("Admin: create a blueprint: its name and the content of its revision 1.")
            .WithDescription("Content in Twilio's own shapes: traitGroups (TraitGroupRequest: displayName, description, traits by lowerCamelCase name with dataType, "
                             + "validationRule, idTypePromotion), identityResolution (identifierConfigs and matchingRules), dataMappings (CreateDataMappingInput), "
                             + "orchestrator (configuration defaults: conversationGroupingType, memoryExtractionEnabled, statusCallbacks, intelligenceConfigurationIds, "
                             + "statusTimeouts per channel); reason is kept with the revision. Validated against Twilio's limits (at most 50 groups, 95 traits per group); "
                             + "400 names each field at fault. Stored normalized: identifier configs with Twilio's defaults, traits in name order. "
                             + "409 when the name is taken (PUT makes the next revision). " + NameRule)
            .WithValidation<CreateBlueprintRequest>()
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .Produces<BlueprintView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict);

        blueprints.MapPut("/{name}", PutAsync)
            .WithName("PutBlueprint")
            .WithSummary("Admin: the blueprint's next revision from its full content (nothing is merged from the last); creates the blueprint (revision 1) when there is none.")
            .WithDescription("200 with the new revision; 201 when the blueprint was created; 200 with the latest revision unchanged when the content equals it "
                             + "(sending the same document again makes no revision). If-Match with the ETag of GET (the latest revision's) guards against "
                             + "lost updates: 412 when another revision was made since, or when there is no blueprint to match. Revisions never change: "
                             + "tenants keep the revision they want until it is changed for them.")
            .WithValidation<ReviseBlueprintRequest>()
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .Produces<BlueprintView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        blueprints.MapGet("/", ListAsync)
            .WithName("ListBlueprints")
            .WithSummary("Admin: the blueprints in creation order, with their latest revision numbers, with keyset paging.")
            .WithDescription($"A page of at most limit blueprints (default {HistoryPageQuery.DefaultLimit}, at most {HistoryPageQuery.MaxLimit}); "
                             + "nextCursor, when present, is the cursor of the next page (null on the last).")
            .WithValidation<HistoryPageQuery>();

        blueprints.MapGet("/{name}", GetAsync)
            .WithName("GetBlueprint")
            .WithSummary("Admin: a blueprint: its latest revision in full and how many revisions it has; ETag: the latest revision's.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        blueprints.MapGet("/{name}/revisions", ListRevisionsAsync)
            .WithName("ListBlueprintRevisions")
            .WithSummary("Admin: a blueprint's revisions, oldest first, with keyset paging.")
            .WithValidation<HistoryPageQuery>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        blueprints.MapGet("/{name}/revisions/{revision:int}", GetRevisionAsync)
            .WithName("GetBlueprintRevision")
            .WithSummary("Admin: one revision of a blueprint; it never changes.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    private static async Task<Created<BlueprintView>> CreateAsync(CreateBlueprintRequest request, BlueprintCatalog catalog, HttpResponse response, CancellationToken cancellationToken)
    {
        var view = await catalog.CreateAsync(request, cancellationToken);
        response.Headers.ETag = BlueprintCatalog.ETagOf(view.LatestRevision);
        return TypedResults.Created($"/v1/blueprints/{view.Name}", view);
    }

    private static async Task<Results<Ok<BlueprintView>, Created<BlueprintView>, ValidationProblem>> PutAsync(
        string name, ReviseBlueprintRequest request, HttpRequest httpRequest, HttpResponse response, BlueprintCatalog catalog, CancellationToken cancellationToken)
    {
        if (!TenantRules.IsValidBlueprintName(name))
            return Problems.Validation("name", "The blueprint's name (in the path) must be 1-63 lowercase letters, digits and hyphens, starting with a letter.");
        var ifMatch = httpRequest.Headers.IfMatch.ToString();
        var (view, change) = await catalog.PutAsync(name, request, ifMatch.Length > 0 ? ifMatch : null, cancellationToken);
        response.Headers.ETag = BlueprintCatalog.ETagOf(view.LatestRevision);
        return change == BlueprintChange.Created ? TypedResults.Created($"/v1/blueprints/{view.Name}", view) : TypedResults.Ok(view);
    }

    private static async Task<Ok<BlueprintPage>> ListAsync([AsParameters] HistoryPageQuery query, BlueprintCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.ListAsync(query.AfterId, query.ParsedLimit, cancellationToken));

    private static async Task<Ok<BlueprintView>> GetAsync(string name, BlueprintCatalog catalog, HttpResponse response, CancellationToken cancellationToken)
    {
        var view = await catalog.GetAsync(name, cancellationToken);
        response.Headers.ETag = BlueprintCatalog.ETagOf(view.LatestRevision);
        return TypedResults.Ok(view);
    }

    private static async Task<Ok<BlueprintRevisionPage>> ListRevisionsAsync(
        string name, [AsParameters] HistoryPageQuery query, BlueprintCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.ListRevisionsAsync(name, query.AfterId, query.ParsedLimit, cancellationToken));

    private static async Task<Ok<BlueprintRevisionView>> GetRevisionAsync(
        string name, int revision, BlueprintCatalog catalog, HttpResponse response, CancellationToken cancellationToken)
    {
        var view = await catalog.GetRevisionAsync(name, revision, cancellationToken);
        response.Headers.ETag = BlueprintCatalog.ETagOf(view.Revision);
        return TypedResults.Ok(view);
    }
}
