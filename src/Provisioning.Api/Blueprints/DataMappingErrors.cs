namespace Provisioning.Api.Blueprints;

/// <summary>
/// Every problem with a blueprint's <c>dataMappings</c>, by the field it concerns (contract §12.2 <c>CreateDataMappingInput</c>).
/// Whether the mapped groups and traits exist is Twilio's to check when the mapping is created (they may be groups the
/// store has that the blueprint does not define, such as its out-of-the-box contact group).
/// </summary>
internal static class DataMappingErrors
{
    public static IEnumerable<(string Field, string Message)> Of(IReadOnlyList<DataMapping?>? mappings)
    {
        if (mappings is null) yield break;
        if (mappings.Count > BlueprintRules.MaxDataMappings)
            yield return ("dataMappings", $"At most {BlueprintRules.MaxDataMappings} data mappings.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < mappings.Count; i++)
        {
            var field = $"dataMappings[{i}]";
            if (mappings[i] is not { } mapping)
            {
                yield return (field, "A data mapping is an object.");
                continue;
            }
            if (mapping.DisplayName is not { Length: >= 1 and <= 64 } name || !BlueprintRules.DataMappingName().IsMatch(name))
                yield return ($"{field}.displayName", "'displayName' is required: 1-64 characters, a letter, then letters, digits, '-' or '.'.");
            else if (!names.Add(name))
                yield return ($"{field}.displayName", $"'{name}' is given twice (data mapping names are unique per store).");
            if (mapping.Description is { Length: 0 or > 512 })
                yield return ($"{field}.description", "1-512 characters.");
            foreach (var error in TargetErrors($"{field}.mappingTo", mapping.MappingTo)) yield return error;
            foreach (var error in SourceErrors($"{field}.mappingFrom", mapping.MappingFrom)) yield return error;
        }
    }

    private static IEnumerable<(string Field, string Message)> TargetErrors(string field, DataMappingTarget? target)
    {
        if (target is null)
        {
            yield return (field, "'mappingTo' is required.");
            yield break;
        }
        if (target.Type is { } type && type != BlueprintRules.TraitsTarget)
            yield return ($"{field}.type", $"'type' must be {BlueprintRules.TraitsTarget}.");
        if (target.Mappings is not { Count: > 0 and <= BlueprintRules.MaxMappingsPerDataMapping } mappings)
        {
            yield return ($"{field}.mappings", $"1 to {BlueprintRules.MaxMappingsPerDataMapping} mappings are required.");
            yield break;
        }
        for (var i = 0; i < mappings.Count; i++)
        {
            var item = $"{field}.mappings[{i}]";
            if (mappings[i] is not { } mapping)
            {
                yield return (item, "A mapping is an object with expression, traitGroup and traitName.");
                continue;
            }
            if (mapping.Expression is not { Length: >= 1 and <= 256 })
                yield return ($"{item}.expression", "'expression' is required: 1-256 characters.");
            if (mapping.TraitGroup is not { Length: >= 1 and <= BlueprintRules.TraitGroupNameMaxLength } group || !BlueprintRules.TraitGroupName().IsMatch(group))
                yield return ($"{item}.traitGroup", "'traitGroup' is required: a trait group name (1-64 letters, digits, '_', '-' or '.').");
            if (mapping.TraitName is not { Length: >= 1 and <= BlueprintRules.TraitNameMaxLength } trait || !BlueprintRules.MappedTraitName().IsMatch(trait))
                yield return ($"{item}.traitName", "'traitName' is required: 1-128 characters, a lowercase letter first.");
        }
    }

    private static IEnumerable<(string Field, string Message)> SourceErrors(string field, DataMappingSource? source)
    {
        if (source is null)
        {
            yield return (field, "'mappingFrom' is required.");
            yield break;
        }
        if (source.Type is null || !BlueprintRules.DataMappingSources.Contains(source.Type))
        {
            yield return ($"{field}.type", $"'type' is required: {BlueprintRules.OneOf(BlueprintRules.DataMappingSources)}.");
            yield break;
        }
        if (source.Type == BlueprintRules.IngressSource)
        {
            if (source.DatasetId is not null) yield return ($"{field}.datasetId", "An INGRESS source has columns, not a dataset.");
            if (source.Columns is not { Count: > 0 and <= BlueprintRules.MaxIngressColumns } columns)
                yield return ($"{field}.columns", $"1 to {BlueprintRules.MaxIngressColumns} columns are required.");
            else
                for (var i = 0; i < columns.Count; i++)
                    if (columns[i] is not { Length: >= 1 and <= 256 })
                        yield return ($"{field}.columns[{i}]", "A column name of 1-256 characters.");
        }
        else
        {
            if (source.Columns is not null) yield return ($"{field}.columns", $"A {source.Type} source has a datasetId, not columns.");
            if (source.DatasetId is null || !BlueprintRules.DatasetId().IsMatch(source.DatasetId))
                yield return ($"{field}.datasetId", "'datasetId' is required: tdi_dataset_ followed by 26 characters.");
        }
    }
}
