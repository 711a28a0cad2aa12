namespace Provisioning.Api.Blueprints;

/// <summary>Body of <c>PUT /v1/blueprints/{name}</c>: the full content of the next revision (nothing is merged from the last).</summary>
public sealed record ReviseBlueprintRequest(
    IReadOnlyList<TraitGroup?>? TraitGroups = null,
    IdentityResolutionSettings? IdentityResolution = null,
    IReadOnlyList<DataMapping?>? DataMappings = null,
    OrchestratorDefaults? Orchestrator = null,
    string? Reason = null) : IBlueprintDocument;
