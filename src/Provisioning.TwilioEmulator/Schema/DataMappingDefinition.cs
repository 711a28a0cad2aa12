using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Schema;

/// <summary>A data mapping of a store (contract §12.2 <c>DataMapping</c>): where trait values come from.</summary>
public sealed class DataMappingDefinition
{
    public required string Id { get; init; }

    public required string DisplayName { get; set; }

    public string? Description { get; set; }

    public bool IsEnabled { get; set; } = true;

    public required JsonObject MappingTo { get; set; }

    public required JsonObject MappingFrom { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; set; }

    public int Version { get; set; } = 1;

    public required long Sequence { get; init; }

    public string ETag => $"\"{Version}\"";

    /// <summary>The trait groups its <c>mappingTo.mappings</c> write into: such a group cannot be deleted first (P11).</summary>
    public IEnumerable<string> TraitGroups =>
        (MappingTo["mappings"] as JsonArray ?? []).Select(m => (string?)m?["traitGroup"]).OfType<string>();
}
