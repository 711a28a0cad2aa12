namespace Provisioning.Api.Blueprints;

/// <summary>One entry of a data mapping's <c>mappingTo.mappings</c>: an expression over the source and the trait it fills.</summary>
public sealed record TraitMapping(string? Expression, string? TraitGroup, string? TraitName);
