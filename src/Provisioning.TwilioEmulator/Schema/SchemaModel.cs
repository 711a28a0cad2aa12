using System.Text.Json;

namespace Provisioning.TwilioEmulator.Schema;

/// <summary>One state of a store's control plane: its trait groups, identity resolution settings and data mappings.</summary>
public sealed class SchemaModel
{
    public List<TraitGroupDefinition> TraitGroups { get; init; } = [];

    public IdentityResolutionSettings IdentityResolution { get; init; } = new();

    public List<DataMappingDefinition> DataMappings { get; init; } = [];

    /// <summary>The group of exactly this name (names are case-sensitive in paths and profile writes).</summary>
    public TraitGroupDefinition? FindGroup(string displayName) =>
        TraitGroups.FirstOrDefault(g => string.Equals(g.DisplayName, displayName, StringComparison.Ordinal));

    /// <summary>A group whose name differs from <paramref name="displayName"/> at most in case: the name is taken.</summary>
    public TraitGroupDefinition? FindGroupIgnoringCase(string displayName) =>
        TraitGroups.FirstOrDefault(g => string.Equals(g.DisplayName, displayName, StringComparison.OrdinalIgnoreCase));

    public DataMappingDefinition? FindDataMapping(string id) => DataMappings.FirstOrDefault(m => m.Id == id);

    /// <summary>A deep copy (the accepted and the applied state start out equal and then change separately).</summary>
    public SchemaModel Clone() =>
        JsonSerializer.Deserialize<SchemaModel>(JsonSerializer.SerializeToUtf8Bytes(this, ApiJson.CamelCase), ApiJson.CamelCase)!;
}
