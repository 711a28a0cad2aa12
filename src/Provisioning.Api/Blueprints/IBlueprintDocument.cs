namespace Provisioning.Api.Blueprints;

/// <summary>What a blueprint's bodies have in common (<c>POST /v1/blueprints</c>, <c>PUT /v1/blueprints/{name}</c>): the content and why it changed.</summary>
public interface IBlueprintDocument
{
    IReadOnlyList<TraitGroup?>? TraitGroups { get; }
    IdentityResolutionSettings? IdentityResolution { get; }
    IReadOnlyList<DataMapping?>? DataMappings { get; }
    OrchestratorDefaults? Orchestrator { get; }
    string? Reason { get; }
}
