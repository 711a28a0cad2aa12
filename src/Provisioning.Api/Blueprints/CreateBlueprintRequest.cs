namespace Provisioning.Api.Blueprints;

/// <summary>Body of <c>POST /v1/blueprints</c>: a new blueprint's name and the content of its revision 1.</summary>
public sealed record CreateBlueprintRequest(
    string? Name,
    IReadOnlyList<TraitGroup?>? TraitGroups = null,
    IdentityResolutionSettings? IdentityResolution = null,
    IReadOnlyList<DataMapping?>? DataMappings = null,
    OrchestratorDefaults? Orchestrator = null,
    string? Reason = null) : IBlueprintDocument;
