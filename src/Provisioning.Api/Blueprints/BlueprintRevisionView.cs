namespace Provisioning.Api.Blueprints;

/// <summary>One revision as the API shows it: which, when, by whom and why, and its content (normalized, defaults filled in).</summary>
public sealed record BlueprintRevisionView(
    string Name,
    int Revision,
    IReadOnlyList<TraitGroup> TraitGroups,
    IdentityResolutionSettings? IdentityResolution,
    IReadOnlyList<DataMapping> DataMappings,
    OrchestratorDefaults Orchestrator,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string? Reason)
{
    public static BlueprintRevisionView From(BlueprintRevision r) => new(
        r.BlueprintName, r.Revision, r.Content.TraitGroups, r.Content.IdentityResolution, r.Content.DataMappings, r.Content.Orchestrator,
        r.CreatedAt, r.CreatedBy, r.Reason);
}
