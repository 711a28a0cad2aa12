using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Schema;

/// <summary>Applies an accepted, already validated <see cref="SchemaChange"/> to one <see cref="SchemaModel"/>.</summary>
public static class SchemaChanges
{
    public static void Apply(SchemaModel model, SchemaChange change)
    {
        var body = change.Body;
        switch (change.Kind)
        {
            case SchemaChangeKind.CreateTraitGroup:
                model.TraitGroups.Add(new TraitGroupDefinition
                {
                    DisplayName = change.Target,
                    Description = (string?)body["description"],
                    Traits = body["traits"]?.DeepClone().AsObject() ?? [],
                    Sequence = change.Sequence,
                });
                break;
            case SchemaChangeKind.PatchTraitGroup when model.FindGroup(change.Target) is { } group:
                if (body.ContainsKey("description")) group.Description = (string?)body["description"];
                foreach (var (name, definition) in body["traits"] as JsonObject ?? [])
                {
                    // A definition replaces the whole old one; "dataType": "" removes the trait (§12.2).
                    if ((string?)definition!["dataType"] == "") group.Traits.Remove(name);
                    else group.Traits[name] = definition.DeepClone();
                }

                group.Version++;
                break;
            case SchemaChangeKind.DeleteTraitGroup:
                model.TraitGroups.RemoveAll(g => g.DisplayName == change.Target);
                break;
            case SchemaChangeKind.ReplaceIdentityResolution:
                model.IdentityResolution.IdentifierConfigs = body["identifierConfigs"]!.DeepClone().AsArray();
                model.IdentityResolution.MatchingRules = [.. body["matchingRules"]!.AsArray().Select(r => (string)r!)];
                model.IdentityResolution.Version++;
                break;
            case SchemaChangeKind.CreateDataMapping:
                model.DataMappings.Add(new DataMappingDefinition
                {
                    Id = change.Target,
                    DisplayName = (string)body["displayName"]!,
                    Description = (string?)body["description"],
                    IsEnabled = (bool?)body["isEnabled"] ?? true,
                    MappingTo = body["mappingTo"]!.DeepClone().AsObject(),
                    MappingFrom = body["mappingFrom"]!.DeepClone().AsObject(),
                    CreatedAt = change.AcceptedAt,
                    UpdatedAt = change.AcceptedAt,
                    Sequence = change.Sequence,
                });
                break;
            case SchemaChangeKind.PatchDataMapping when model.FindDataMapping(change.Target) is { } mapping:
                if (body["displayName"] is { } displayName) mapping.DisplayName = (string)displayName!;
                if (body.ContainsKey("description")) mapping.Description = (string?)body["description"];
                if (body["isEnabled"] is { } isEnabled) mapping.IsEnabled = (bool)isEnabled!;
                if (body["mappingTo"] is JsonObject mappingTo) mapping.MappingTo = mappingTo.DeepClone().AsObject();
                mapping.UpdatedAt = change.AcceptedAt;
                mapping.Version++;
                break;
            case SchemaChangeKind.DeleteDataMapping:
                model.DataMappings.RemoveAll(m => m.Id == change.Target);
                break;
        }
    }
}
