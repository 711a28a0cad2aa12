namespace Provisioning.Api.Blueprints;

/// <summary>Every problem with a blueprint's <c>traitGroups</c>, by the field it concerns (contract §12.2's limits).</summary>
internal static class TraitGroupErrors
{
    /// <param name="groups">The blueprint's <c>traitGroups</c>, as sent.</param>
    /// <param name="idTypes">The idTypes the blueprint configures, or null when it leaves identity resolution alone (promotions are then the store's business).</param>
    public static IEnumerable<(string Field, string Message)> Of(IReadOnlyList<TraitGroup?>? groups, IReadOnlySet<string>? idTypes)
    {
        if (groups is null) yield break;
        if (groups.Count > BlueprintRules.MaxTraitGroups)
            yield return ("traitGroups", $"At most {BlueprintRules.MaxTraitGroups} trait groups (Twilio's limit per store).");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < groups.Count; i++)
        {
            var field = $"traitGroups[{i}]";
            if (groups[i] is not { } group)
            {
                yield return (field, "A trait group is an object.");
                continue;
            }
            if (string.IsNullOrEmpty(group.DisplayName))
                yield return ($"{field}.displayName", "'displayName' is required.");
            else if (group.DisplayName.Length > BlueprintRules.TraitGroupNameMaxLength || !BlueprintRules.TraitGroupName().IsMatch(group.DisplayName))
                yield return ($"{field}.displayName", $"'displayName' must be 1-{BlueprintRules.TraitGroupNameMaxLength} letters, digits, '_', '-' or '.'.");
            else if (!names.Add(group.DisplayName))
                yield return ($"{field}.displayName", $"'{group.DisplayName}' is given twice (trait group names are unique per store, compared regardless of case here).");
            if (group.Description is { Length: > BlueprintRules.DescriptionMaxLength })
                yield return ($"{field}.description", $"At most {BlueprintRules.DescriptionMaxLength} characters.");
            foreach (var error in TraitErrors(field, group.Traits, idTypes)) yield return error;
        }
    }

    private static IEnumerable<(string Field, string Message)> TraitErrors(string groupField, IReadOnlyDictionary<string, TraitDefinition?>? traits, IReadOnlySet<string>? idTypes)
    {
        if (traits is null) yield break;
        if (traits.Count > BlueprintRules.MaxTraitsPerGroup)
            yield return ($"{groupField}.traits", $"At most {BlueprintRules.MaxTraitsPerGroup} traits per group (Twilio's limit).");
        foreach (var (name, trait) in traits)
        {
            var field = $"{groupField}.traits[{name}]";
            if (name.Length > BlueprintRules.TraitNameMaxLength || !BlueprintRules.TraitName().IsMatch(name))
                yield return (field, $"A trait name is lowerCamelCase (Twilio normalizes names to it): a lowercase letter, then letters and digits, at most {BlueprintRules.TraitNameMaxLength}.");
            if (trait is null)
            {
                yield return (field, "A trait definition is an object with a dataType.");
                continue;
            }
            if (trait.DataType is null || !BlueprintRules.DataTypes.Contains(trait.DataType))
                yield return ($"{field}.dataType", $"'dataType' is required: {BlueprintRules.OneOf(BlueprintRules.DataTypes)}.");
            if (trait.Description is { Length: > BlueprintRules.DescriptionMaxLength })
                yield return ($"{field}.description", $"At most {BlueprintRules.DescriptionMaxLength} characters.");
            if (trait.IdTypePromotion is { } promotion)
            {
                if (promotion.Length is 0 or > BlueprintRules.IdTypeMaxLength)
                    yield return ($"{field}.idTypePromotion", $"An idType of 1-{BlueprintRules.IdTypeMaxLength} characters.");
                else if (idTypes is not null && !idTypes.Contains(promotion))
                    yield return ($"{field}.idTypePromotion", $"'{promotion}' is not an idType of identityResolution.identifierConfigs; every promotion must name a configured idType.");
            }
            if (trait.ValidationRule is { } rule)
                foreach (var error in ValidationRuleErrors($"{field}.validationRule", rule, trait.DataType)) yield return error;
        }
    }

    private static IEnumerable<(string Field, string Message)> ValidationRuleErrors(string field, TraitValidationRule rule, string? dataType)
    {
        if (rule.RuleType is null || !BlueprintRules.DataTypes.Contains(rule.RuleType))
        {
            yield return ($"{field}.ruleType", $"'ruleType' is required: {BlueprintRules.OneOf(BlueprintRules.DataTypes)}.");
            yield break;
        }
        if (dataType is not null && BlueprintRules.DataTypes.Contains(dataType) && rule.RuleType != dataType)
            yield return ($"{field}.ruleType", $"A {dataType} trait takes a {dataType} rule.");
        var given = new (string Name, bool Present, string RuleType)[]
        {
            ("pattern", rule.Pattern is not null, "STRING"), ("minLength", rule.MinLength is not null, "STRING"), ("maxLength", rule.MaxLength is not null, "STRING"),
            ("min", rule.Min is not null, "NUMBER"), ("max", rule.Max is not null, "NUMBER"),
            ("minItems", rule.MinItems is not null, "ARRAY"), ("maxItems", rule.MaxItems is not null, "ARRAY"),
        };
        foreach (var (name, _, ruleType) in given.Where(g => g.Present && g.RuleType != rule.RuleType))
            yield return ($"{field}.{name}", $"Not a field of a {rule.RuleType} rule (it belongs to {ruleType}).");

        if (rule.Pattern is { } pattern)
        {
            if (pattern.Length is 0 or > BlueprintRules.PatternMaxLength)
                yield return ($"{field}.pattern", $"1-{BlueprintRules.PatternMaxLength} characters.");
            else if (!BlueprintRules.IsRegex(pattern))
                yield return ($"{field}.pattern", "Not a valid regular expression.");
        }
        if (rule.MinLength is < 0) yield return ($"{field}.minLength", "At least 0.");
        if (rule.MaxLength is < 1) yield return ($"{field}.maxLength", "At least 1.");
        if (rule.MinLength is { } minLength && rule.MaxLength is { } maxLength && minLength > maxLength)
            yield return ($"{field}.maxLength", "'maxLength' must not be below 'minLength'.");
        if (rule.Min is { } min && rule.Max is { } max && min > max)
            yield return ($"{field}.max", "'max' must not be below 'min'.");
        if (rule.MinItems is < 0) yield return ($"{field}.minItems", "At least 0.");
        if (rule.MaxItems is < 0) yield return ($"{field}.maxItems", "At least 0.");
        if (rule.MinItems is { } minItems && rule.MaxItems is { } maxItems && minItems > maxItems)
            yield return ($"{field}.maxItems", "'maxItems' must not be below 'minItems'.");
    }
}
