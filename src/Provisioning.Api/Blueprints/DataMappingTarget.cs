namespace Provisioning.Api.Blueprints;

/// <summary>A data mapping's <c>mappingTo</c>: where the values go (<c>TRAITS</c>, Twilio's default and only type).</summary>
public sealed record DataMappingTarget(string? Type, IReadOnlyList<TraitMapping?>? Mappings);
