using System.Text.Json;
using System.Text.Json.Serialization;

namespace Provisioning.Api.Blueprints;

/// <summary>
/// What one revision of a blueprint says, in Twilio's own shapes: the trait groups and identity resolution the
/// tenant's store is to have, its data mappings, and the defaults of its Orchestrator configuration. Stored as one
/// jsonb document, normalized (<see cref="Of"/>): traits in name order, identifier configs with Twilio's defaults,
/// channel keys upper case, so that equal content is equal text and a revision says exactly what it asks for.
/// </summary>
public sealed record BlueprintContent(
    IReadOnlyList<TraitGroup> TraitGroups,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IdentityResolutionSettings? IdentityResolution,
    IReadOnlyList<DataMapping> DataMappings,
    OrchestratorDefaults Orchestrator)
{
    /// <summary>How revisions are stored and compared: the API's camelCase, nulls left out.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The content of a validated body, normalized.</summary>
    public static BlueprintContent Of(IBlueprintDocument document) => new(
        (document.TraitGroups ?? []).Select(g => g! with
        {
            Traits = new SortedDictionary<string, TraitDefinition?>((g.Traits ?? new Dictionary<string, TraitDefinition?>()).ToDictionary(), StringComparer.Ordinal),
        }).ToList(),
        document.IdentityResolution is { } identity
            ? new IdentityResolutionSettings(identity.IdentifierConfigs!.Select(c => c!.WithDefaults()).ToList(), identity.MatchingRules!.ToList())
            : null,
        (document.DataMappings ?? []).Select(m => m! with
        {
            IsEnabled = m.IsEnabled ?? true,
            MappingTo = m.MappingTo! with { Type = m.MappingTo.Type ?? BlueprintRules.TraitsTarget },
        }).ToList(),
        Normalize(document.Orchestrator ?? new OrchestratorDefaults()));

    private static OrchestratorDefaults Normalize(OrchestratorDefaults orchestrator) => orchestrator with
    {
        StatusCallbacks = orchestrator.StatusCallbacks?.Select(c => c! with { Method = (c.Method ?? "POST").ToUpperInvariant() }).ToList(),
        StatusTimeouts = orchestrator.StatusTimeouts is { } timeouts
            ? new SortedDictionary<string, Tenants.StatusTimeoutsRequest?>(timeouts.ToDictionary(t => t.Key.ToUpperInvariant(), t => t.Value), StringComparer.Ordinal)
            : null,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static BlueprintContent FromJson(string json) =>
        JsonSerializer.Deserialize<BlueprintContent>(json, Json) ?? throw new JsonException("A blueprint revision's content is null.");
}
