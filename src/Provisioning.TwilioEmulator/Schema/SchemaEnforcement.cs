using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Schema;

/// <summary>
/// P8 in the data plane: "Trait values can only be written to a profile if the trait definition already exists and
/// assigned to a Trait Group." A write naming a group the store lacks is refused with 520047; one naming a trait its
/// group does not define with 400. Removing a value (null in a PATCH) needs no definition. Checked against what the
/// store's reads show, so a group whose create operation has not completed yet does not count.
/// </summary>
public static class SchemaEnforcement
{
    /// <summary>The refusal of an already shape-checked <c>traits</c> object, or null. Caller holds the state lock.</summary>
    public static ApiError? Check(StoreSchema schema, JsonObject traits)
    {
        foreach (var (groupName, members) in traits)
        {
            var group = schema.Current.FindGroup(groupName);
            if (group is null) return SchemaErrors.TraitGroupMissingForWrite(schema.StoreId, groupName);
            var undefined = (members as JsonObject ?? []).FirstOrDefault(m => m.Value is not null && !group.Defines(m.Key));
            if (undefined.Key is not null) return SchemaErrors.TraitNotDefined(groupName, undefined.Key);
        }

        return null;
    }

    /// <summary>The same for an import's column mappings (<c>traitGroup</c>, <c>traitName</c>).</summary>
    public static ApiError? Check(StoreSchema schema, IEnumerable<(string Group, string Trait)> mappings)
    {
        foreach (var (groupName, trait) in mappings)
        {
            var group = schema.Current.FindGroup(groupName);
            if (group is null) return SchemaErrors.TraitGroupMissingForWrite(schema.StoreId, groupName);
            if (!group.Defines(trait)) return SchemaErrors.TraitNotDefined(groupName, trait);
        }

        return null;
    }
}
