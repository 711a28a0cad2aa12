using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Provisioning.TwilioEmulator.Schema;

/// <summary>
/// <c>/v1/ControlPlane/Stores/{storeId}/DataMappings</c> (contract §12.2, P11): where trait values come from. Names are
/// unique per store (520056); an unknown id is 520048. Writes answer 202 and apply when their operation completes; the
/// create's operation names the new mapping in its result.
/// </summary>
public static partial class DataMappingEndpoints
{
    private static readonly TokenListRules MappingListRules = SchemaControlPlane.ListRules("dataMappings", maxItemsPerPage: 100);

    public static void MapDataMappingEndpoints(this IEndpointRouteBuilder routes)
    {
        var mappings = routes.MapGroup(SchemaControlPlane.StorePath + "/DataMappings");
        mappings.MapGet("", ListMappings);
        mappings.MapPost("", CreateMapping);
        mappings.MapGet("/{dataMappingId}", FetchMapping);
        mappings.MapPatch("/{dataMappingId}", PatchMapping);
        mappings.MapDelete("/{dataMappingId}", DeleteMapping);
    }

    private static IResult ListMappings(HttpContext context, EmulatorState state, string storeId)
    {
        var type = context.Request.Query["type"].ToString();
        if (type.Length > 0 && type is not ("INGRESS" or "DATASET_CLOUDAPP" or "DATASET_WAREHOUSE"))
        {
            return ApiError.BadRequest("type must be INGRESS, DATASET_CLOUDAPP or DATASET_WAREHOUSE.");
        }

        return SchemaControlPlane.With(context, state, storeId, schema => Paging.TokenList(
            context.Request.Query,
            schema.Current.DataMappings.Where(m => type.Length == 0 || (string?)m.MappingFrom["type"] == type),
            m => m.Sequence,
            MappingListRules,
            Render));
    }

    // For dataset sources Twilio checks that every mapped group and trait exists (§12.2); ingress mappings are not checked.
    private static Task<IResult> CreateMapping(HttpContext context, EmulatorState state, string storeId) =>
        SchemaControlPlane.WithBodyAsync(context, state, storeId, DataMappingRequests.ReadCreate, (schema, body) =>
        {
            var name = (string)body["displayName"]!;
            if (schema.Accepted.DataMappings.Any(m => m.DisplayName == name)) return SchemaErrors.DataMappingExists(name);
            if (DataMappingRequests.IsDataset(body))
            {
                foreach (var (group, trait) in DataMappingRequests.MappedTraits(body))
                {
                    var defined = schema.Accepted.FindGroup(group);
                    if (defined is null) return SchemaErrors.TraitGroupMissingForWrite(storeId, group);
                    if (!defined.Defines(trait)) return SchemaErrors.TraitNotDefined(group, trait);
                }
            }

            var id = "mem_datamapping_" + Ids.NewTtid();
            return SchemaControlPlane.Accept(
                state, context, schema, SchemaChangeKind.CreateDataMapping, id, body, "Data mapping creation request accepted for processing.",
                resultId: id, resultUrl: $"{OperationUrls.MemoryBase}/Stores/{storeId}/DataMappings/{id}");
        });

    private static IResult FetchMapping(HttpContext context, EmulatorState state, string storeId, string dataMappingId)
    {
        if (!DataMappingIdPattern().IsMatch(dataMappingId)) return IdError();
        return SchemaControlPlane.With(context, state, storeId, schema => schema.Current.FindDataMapping(dataMappingId) is { } mapping
            ? new ApiResponse(StatusCodes.Status200OK, Render(mapping), new Dictionary<string, string> { ["ETag"] = mapping.ETag })
            : SchemaErrors.DataMappingNotFound(storeId, dataMappingId));
    }

    // mappingTo is replaced whole; mappingFrom cannot change (the PATCH schema has none).
    private static Task<IResult> PatchMapping(HttpContext context, EmulatorState state, string storeId, string dataMappingId)
    {
        if (!DataMappingIdPattern().IsMatch(dataMappingId)) return Task.FromResult<IResult>(IdError());
        return SchemaControlPlane.WithBodyAsync(context, state, storeId, DataMappingRequests.ReadPatch, (schema, body) =>
        {
            var mapping = schema.Accepted.FindDataMapping(dataMappingId);
            if (mapping is null) return SchemaErrors.DataMappingNotFound(storeId, dataMappingId);
            var stale = SchemaControlPlane.CheckIfMatch(context, mapping.ETag);
            if (stale is not null) return stale;
            if (body["displayName"] is { } displayName && schema.Accepted.DataMappings.Any(m => m.Id != mapping.Id && m.DisplayName == (string)displayName!))
            {
                return SchemaErrors.DataMappingExists((string)displayName!);
            }

            return SchemaControlPlane.Accept(
                state, context, schema, SchemaChangeKind.PatchDataMapping, mapping.Id, body, "Data mapping update request accepted for processing.");
        });
    }

    private static IResult DeleteMapping(HttpContext context, EmulatorState state, string storeId, string dataMappingId)
    {
        if (!DataMappingIdPattern().IsMatch(dataMappingId)) return IdError();
        return SchemaControlPlane.With(context, state, storeId, schema => schema.Accepted.FindDataMapping(dataMappingId) is { } mapping
            ? SchemaControlPlane.Accept(
                state, context, schema, SchemaChangeKind.DeleteDataMapping, mapping.Id, [], "Data mapping deletion request accepted for processing.")
            : SchemaErrors.DataMappingNotFound(storeId, dataMappingId));
    }

    private static JsonObject Render(DataMappingDefinition mapping)
    {
        var body = new JsonObject { ["id"] = mapping.Id, ["displayName"] = mapping.DisplayName };
        if (mapping.Description is not null) body["description"] = mapping.Description;
        body["isEnabled"] = mapping.IsEnabled;
        body["mappingTo"] = mapping.MappingTo.DeepClone();
        body["mappingFrom"] = mapping.MappingFrom.DeepClone();
        body["createdAt"] = ApiJson.Iso8601(mapping.CreatedAt);
        body["updatedAt"] = ApiJson.Iso8601(mapping.UpdatedAt);
        body["version"] = mapping.Version;
        return body;
    }

    private static ApiError IdError() => ApiError.BadRequest("dataMappingId must match ^mem_datamapping_[0-7][0-9a-z]{25}$.");

    [GeneratedRegex(@"^mem_datamapping_[0-7][0-9a-z]{25}\z")]
    private static partial Regex DataMappingIdPattern();
}
