using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Provisioning.TwilioEmulator.Schema;

/// <summary>
/// Data mapping bodies (contract §12.2): <c>CreateDataMappingInput</c> <c>{displayName, description?, isEnabled?,
/// mappingTo, mappingFrom}</c> and the PATCH's <c>DataMappingCore</c> <c>{displayName?, description?, isEnabled?,
/// mappingTo?}</c>, nothing else in either.
/// </summary>
public static partial class DataMappingRequests
{
    private const int MaxMappings = 100;

    public static (JsonObject? Body, ApiError? Error) ReadCreate(JsonObject body)
    {
        var problem = Unknown(body, "displayName", "description", "isEnabled", "mappingTo", "mappingFrom")
            ?? (body["displayName"] is null ? "displayName is required" : null)
            ?? (body["mappingTo"] is null ? "mappingTo is required" : null)
            ?? (body["mappingFrom"] is null ? "mappingFrom is required" : null)
            ?? ValidateCore(body)
            ?? ValidateMappingFrom(body["mappingFrom"]);
        if (problem is not null) return (null, ApiError.BadRequest(problem + "."));
        var normalized = body.DeepClone().AsObject();
        normalized["isEnabled"] ??= true;
        normalized["mappingTo"]!["type"] ??= "TRAITS";
        return (normalized, null);
    }

    public static (JsonObject? Body, ApiError? Error) ReadPatch(JsonObject body)
    {
        var problem = Unknown(body, "displayName", "description", "isEnabled", "mappingTo") ?? ValidateCore(body);
        if (problem is not null) return (null, ApiError.BadRequest(problem + "."));
        var normalized = body.DeepClone().AsObject();
        if (normalized["mappingTo"] is JsonObject mappingTo) mappingTo["type"] ??= "TRAITS";
        return (normalized, null);
    }

    /// <summary><c>{group, trait}</c> of every mapping in <c>mappingTo</c> of an already validated body.</summary>
    public static IEnumerable<(string Group, string Trait)> MappedTraits(JsonObject body) =>
        (body["mappingTo"]?["mappings"] as JsonArray ?? []).Select(m => ((string)m!["traitGroup"]!, (string)m["traitName"]!));

    /// <summary>Whether the source is a dataset, whose mapped groups and traits Twilio checks at once (§12.2).</summary>
    public static bool IsDataset(JsonObject body) => (string?)body["mappingFrom"]?["type"] is "DATASET_CLOUDAPP" or "DATASET_WAREHOUSE";

    private static string? ValidateCore(JsonObject body)
    {
        if (body["displayName"] is { } name
            && (!JsonValues.IsString(name, out var displayName) || displayName.Length > 64 || !DisplayNamePattern().IsMatch(displayName)))
        {
            return "displayName must be 1 to 64 characters matching ^[a-zA-Z][a-zA-Z0-9-.]*$";
        }

        if (body["description"] is { } description && (!JsonValues.IsString(description, out var text) || text.Length is < 1 or > 512))
        {
            return "description must be a string of 1 to 512 characters";
        }

        if (body["isEnabled"] is { } enabled && enabled.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            return "isEnabled must be a boolean";
        }

        return body["mappingTo"] is { } mappingTo ? ValidateMappingTo(mappingTo) : null;
    }

    private static string? ValidateMappingTo(JsonNode node)
    {
        if (node is not JsonObject mappingTo) return "mappingTo must be an object";
        var unknown = Unknown(mappingTo, "type", "mappings");
        if (unknown is not null) return "mappingTo: " + unknown;
        if (mappingTo["type"] is { } type && (string?)type is not "TRAITS") return "mappingTo.type must be TRAITS";
        if (mappingTo["mappings"] is not JsonArray mappings || mappings.Count is < 1 or > MaxMappings)
        {
            return $"mappingTo.mappings must be a list of 1 to {MaxMappings} mappings";
        }

        for (var i = 0; i < mappings.Count; i++)
        {
            if (mappings[i] is not JsonObject mapping
                || Unknown(mapping, "expression", "traitGroup", "traitName") is not null
                || !JsonValues.IsString(mapping["expression"], out var expression) || expression.Length is < 1 or > 256
                || !JsonValues.IsString(mapping["traitGroup"], out var group) || group.Length > 64 || !TraitGroupPattern().IsMatch(group)
                || !JsonValues.IsString(mapping["traitName"], out var trait) || trait.Length > 128 || !TraitNamePattern().IsMatch(trait))
            {
                return $"mappingTo.mappings[{i}] must be {{expression (1-256), traitGroup (1-64, ^[a-zA-Z0-9_\\-\\.]+$), traitName (1-128, ^[a-z][a-zA-Z0-9_\\-\\.]*$)}}";
            }
        }

        return null;
    }

    private static string? ValidateMappingFrom(JsonNode? node)
    {
        if (node is not JsonObject mappingFrom) return "mappingFrom must be an object";
        switch ((string?)(mappingFrom["type"] as JsonValue))
        {
            case "INGRESS":
                if (Unknown(mappingFrom, "type", "columns") is { } unknown) return "mappingFrom: " + unknown;
                return mappingFrom["columns"] is JsonArray columns && columns.Count is >= 1 and <= MaxMappings
                    && columns.All(c => JsonValues.IsString(c, out var column) && column.Length is >= 1 and <= 256)
                    ? null
                    : $"mappingFrom.columns must be a list of 1 to {MaxMappings} column names of 1 to 256 characters";
            case "DATASET_CLOUDAPP" or "DATASET_WAREHOUSE":
                if (Unknown(mappingFrom, "type", "datasetId") is { } other) return "mappingFrom: " + other;
                return JsonValues.IsString(mappingFrom["datasetId"], out var datasetId) && DatasetIdPattern().IsMatch(datasetId)
                    ? null
                    : "mappingFrom.datasetId must match ^tdi_dataset_[0-7][0-9a-z]{25}$";
            default:
                return "mappingFrom.type must be INGRESS, DATASET_CLOUDAPP or DATASET_WAREHOUSE";
        }
    }

    private static string? Unknown(JsonObject body, params string[] allowed)
    {
        var unknown = body.Select(p => p.Key).FirstOrDefault(k => !allowed.Contains(k));
        return unknown is null ? null : $"Unknown property '{unknown}'";
    }

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9-.]*\z")]
    private static partial Regex DisplayNamePattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_\-\.]+\z")]
    private static partial Regex TraitGroupPattern();

    [GeneratedRegex(@"^[a-z][a-zA-Z0-9_\-\.]*\z")]
    private static partial Regex TraitNamePattern();

    [GeneratedRegex(@"^tdi_dataset_[0-7][0-9a-z]{25}\z")]
    private static partial Regex DatasetIdPattern();
}
