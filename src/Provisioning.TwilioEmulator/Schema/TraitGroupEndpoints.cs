using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Provisioning.TwilioEmulator.Schema;

/// <summary>
/// <c>/v1/ControlPlane/Stores/{storeId}/TraitGroups</c> (contract §12.2, P7, P8): the trait groups a store's profiles may
/// hold. Writes answer 202 and apply when their operation completes.
/// </summary>
public static partial class TraitGroupEndpoints
{
    public const int MaxGroupsPerStore = 50;

    private const int MaxNameLength = 64;

    private static readonly TokenListRules GroupListRules = SchemaControlPlane.ListRules("traitGroups", maxItemsPerPage: MaxGroupsPerStore);

    public static void MapTraitGroupEndpoints(this IEndpointRouteBuilder routes)
    {
        var groups = routes.MapGroup(SchemaControlPlane.StorePath + "/TraitGroups");
        groups.MapGet("", ListGroups);
        groups.MapPost("", CreateGroup);
        groups.MapGet("/{traitGroupName}", FetchGroup);
        groups.MapPatch("/{traitGroupName}", PatchGroup);
        groups.MapDelete("/{traitGroupName}", DeleteGroup);
    }

    // includeTraits defaults to false on the list.
    private static IResult ListGroups(HttpContext context, EmulatorState state, string storeId)
    {
        if (TraitGroupJson.ParseIncludeTraits(context.Request.Query["includeTraits"], defaultValue: false) is not { } includeTraits)
        {
            return ApiError.BadRequest("includeTraits must be true or false.");
        }

        return SchemaControlPlane.With(context, state, storeId, schema => Paging.TokenList(
            context.Request.Query, schema.Current.TraitGroups, g => g.Sequence, GroupListRules,
            g => TraitGroupJson.Render(g, includeTraits ? g.Traits : null)));
    }

    private static Task<IResult> CreateGroup(HttpContext context, EmulatorState state, string storeId) =>
        SchemaControlPlane.WithBodyAsync(context, state, storeId, ReadCreate, (schema, body) =>
        {
            var name = (string)body["displayName"]!;
            if (schema.Accepted.TraitGroups.Count >= MaxGroupsPerStore) return SchemaErrors.TraitGroupLimit(MaxGroupsPerStore);
            if (schema.Accepted.FindGroupIgnoringCase(name) is not null) return SchemaErrors.TraitGroupExists(name);
            return SchemaControlPlane.Accept(state, context, schema, SchemaChangeKind.CreateTraitGroup, name, body, "TraitGroup creation request accepted.");
        });

    // includeTraits defaults to true here; the traits of one group page like a list (pageSize, pageToken, orderBy).
    private static IResult FetchGroup(HttpContext context, EmulatorState state, string storeId, string traitGroupName)
    {
        var query = context.Request.Query;
        if (!IsGroupName(traitGroupName)) return NameError();
        if (TraitGroupJson.ParseIncludeTraits(query["includeTraits"], defaultValue: true) is not { } includeTraits)
        {
            return ApiError.BadRequest("includeTraits must be true or false.");
        }

        var (pageSize, sizeError) = Paging.ParsePageSize(query["pageSize"], "pageSize", 1, 100, 50);
        if (sizeError is not null) return sizeError;
        var orderBy = query["orderBy"].ToString();
        if (orderBy.Length > 0 && orderBy is not ("ASC" or "DESC")) return ApiError.BadRequest("orderBy must be ASC or DESC.");
        var pageToken = query["pageToken"].ToString();
        if (pageToken.Length > 4096) return ApiError.BadRequest("pageToken must be at most 4096 characters.");

        return SchemaControlPlane.With(context, state, storeId, schema =>
        {
            var group = schema.Current.FindGroup(traitGroupName);
            if (group is null) return SchemaErrors.TraitGroupNotFound(storeId, traitGroupName);
            var descending = orderBy != "ASC";
            var numbered = group.Traits.Select((trait, index) => (Trait: trait, Position: (long)index + 1)).ToList();
            if (descending) numbered.Reverse();
            var (page, pageError) = Paging.TokenPage(numbered, t => t.Position, descending, pageSize, pageToken);
            if (pageError is not null) return pageError;
            var traits = includeTraits ? page!.Items.Select(t => t.Trait).ToList() : [];
            return new ApiResponse(StatusCodes.Status200OK, new JsonObject
            {
                ["traitGroup"] = TraitGroupJson.Render(group, includeTraits ? traits : null),
                ["meta"] = Paging.TokenMeta("traits", traits.Count, includeTraits ? page!.NextToken : null, includeTraits ? page!.PreviousToken : null),
            }, new Dictionary<string, string> { ["ETag"] = group.ETag });
        });
    }

    // Matching trait keys are replaced by the full new definition, new keys added, "dataType": "" removes a trait.
    private static Task<IResult> PatchGroup(HttpContext context, EmulatorState state, string storeId, string traitGroupName) =>
        SchemaControlPlane.WithBodyAsync(context, state, storeId, body => ReadPatch(body, traitGroupName), (schema, body) =>
        {
            var group = schema.Accepted.FindGroup(traitGroupName);
            if (group is null) return SchemaErrors.TraitGroupNotFound(storeId, traitGroupName);
            var stale = SchemaControlPlane.CheckIfMatch(context, group.ETag);
            if (stale is not null) return stale;
            var changes = body["traits"] as JsonObject ?? [];
            var touched = changes.Select(c => c.Key).FirstOrDefault(group.ProtectedTraits.Contains);
            if (touched is not null)
            {
                return SchemaErrors.Protected(400, $"Trait '{touched}' of trait group '{group.DisplayName}' is system-protected and cannot be modified or deleted.");
            }

            var names = group.Traits.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var (name, definition) in changes)
            {
                if ((string?)definition!["dataType"] == "") names.Remove(name);
                else names.Add(name);
            }

            if (names.Count > TraitDefinitions.MaxTraitsPerGroup) return SchemaErrors.TraitLimit(group.DisplayName, names.Count, TraitDefinitions.MaxTraitsPerGroup);
            return SchemaControlPlane.Accept(state, context, schema, SchemaChangeKind.PatchTraitGroup, group.DisplayName, body, "TraitGroup update request accepted.");
        });

    // Deletes the group "and all associated Traits"; a protected group, or one a data mapping writes into, stays (409).
    private static IResult DeleteGroup(HttpContext context, EmulatorState state, string storeId, string traitGroupName) =>
        SchemaControlPlane.With(context, state, storeId, schema =>
        {
            var group = schema.Accepted.FindGroup(traitGroupName);
            if (group is null) return SchemaErrors.TraitGroupNotFound(storeId, traitGroupName);
            if (group.Protected)
            {
                return SchemaErrors.Protected(409, $"Trait group '{group.DisplayName}' is system-protected and cannot be modified or deleted.");
            }

            var mapping = schema.Accepted.DataMappings.FirstOrDefault(m => m.TraitGroups.Contains(group.DisplayName, StringComparer.Ordinal));
            if (mapping is not null)
            {
                return ApiError.Conflict($"Trait group '{group.DisplayName}' is used by data mapping {mapping.Id}; delete or change the mapping first.", mapping.Id);
            }

            return SchemaControlPlane.Accept(state, context, schema, SchemaChangeKind.DeleteTraitGroup, group.DisplayName, [], "TraitGroup deletion request accepted.");
        });

    // TraitGroupRequest: {displayName (required), description?, traits?}, nothing else.
    private static (JsonObject? Body, ApiError? Error) ReadCreate(JsonObject body)
    {
        var unknown = body.Select(p => p.Key).FirstOrDefault(k => k is not ("displayName" or "description" or "traits"));
        if (unknown is not null) return (null, ApiError.BadRequest($"Unknown property '{unknown}'."));
        if (!JsonValues.IsString(body["displayName"], out var name)) return (null, ApiError.BadRequest("displayName is required."));
        if (!IsGroupName(name)) return (null, NameError());
        return ReadDescriptionAndTraits(body, name, forPatch: false);
    }

    // The PATCH body: {description?, traits?}, nothing else.
    private static (JsonObject? Body, ApiError? Error) ReadPatch(JsonObject body, string name)
    {
        var unknown = body.Select(p => p.Key).FirstOrDefault(k => k is not ("description" or "traits"));
        if (unknown is not null) return (null, ApiError.BadRequest($"Unknown property '{unknown}'."));
        return ReadDescriptionAndTraits(body, name, forPatch: true);
    }

    private static (JsonObject? Body, ApiError? Error) ReadDescriptionAndTraits(JsonObject body, string name, bool forPatch)
    {
        if (body["description"] is { } description
            && (!JsonValues.IsString(description, out var text) || text.Length > TraitDefinitions.MaxDescriptionLength))
        {
            return (null, ApiError.BadRequest($"description must be a string of at most {TraitDefinitions.MaxDescriptionLength} characters."));
        }

        if (body["traits"] is JsonObject { Count: > TraitDefinitions.MaxTraitsPerGroup } many)
        {
            return (null, SchemaErrors.TraitLimit(name, many.Count, TraitDefinitions.MaxTraitsPerGroup));
        }

        var problem = body.ContainsKey("traits") ? TraitDefinitions.Validate(body["traits"], forPatch) : null;
        return problem is null ? (body, null) : (null, ApiError.BadRequest(problem + "."));
    }

    private static bool IsGroupName(string name) => name.Length is >= 1 and <= MaxNameLength && GroupNamePattern().IsMatch(name);

    private static ApiError NameError() =>
        ApiError.BadRequest($"The trait group name must be 1 to {MaxNameLength} characters matching ^[a-zA-Z0-9_\\-\\.]+$.");

    [GeneratedRegex(@"^[a-zA-Z0-9_\-\.]+\z")]
    private static partial Regex GroupNamePattern();
}
