namespace Provisioning.Api.Blueprints;

/// <summary>Every problem with a blueprint's <c>identityResolution</c>, by the field it concerns (contract §12.2, P10).</summary>
internal static class IdentityResolutionErrors
{
    public static IEnumerable<(string Field, string Message)> Of(IdentityResolutionSettings? settings)
    {
        if (settings is null) yield break;
        const string field = "identityResolution";
        if (settings.IdentifierConfigs is not { Count: > 0 and <= BlueprintRules.MaxIdentifierConfigs } configs)
        {
            yield return ($"{field}.identifierConfigs", $"1 to {BlueprintRules.MaxIdentifierConfigs} identifier configs are required.");
            configs = settings.IdentifierConfigs ?? [];
        }
        var idTypes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < configs.Count; i++)
            foreach (var error in ConfigErrors($"{field}.identifierConfigs[{i}]", configs[i], idTypes)) yield return error;

        if (settings.MatchingRules is not { Count: > 0 and <= BlueprintRules.MaxMatchingRules } rules)
        {
            yield return ($"{field}.matchingRules", $"1 to {BlueprintRules.MaxMatchingRules} matching rules are required (idTypes, tried in order).");
            rules = settings.MatchingRules ?? [];
        }
        var ruled = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] is not { } rule || !idTypes.Contains(rule))
                yield return ($"{field}.matchingRules[{i}]", $"'{rules[i]}' is not an idType of identifierConfigs; each rule names a configured idType.");
            else if (!ruled.Add(rule))
                yield return ($"{field}.matchingRules[{i}]", $"'{rule}' is listed twice.");
        }
    }

    /// <summary>The idTypes a blueprint configures, or null when it does not configure identity resolution.</summary>
    public static IReadOnlySet<string>? IdTypesOf(IdentityResolutionSettings? settings) =>
        settings?.IdentifierConfigs?.Where(c => c?.IdType is not null).Select(c => c!.IdType!).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<(string Field, string Message)> ConfigErrors(string field, IdentifierConfig? config, HashSet<string> idTypes)
    {
        if (config is null)
        {
            yield return (field, "An identifier config is an object with an idType.");
            yield break;
        }
        if (config.IdType is not { Length: >= BlueprintRules.IdTypeMinLength and <= BlueprintRules.IdTypeMaxLength } idType || idType.Any(char.IsControl))
            yield return ($"{field}.idType", $"'idType' is required: {BlueprintRules.IdTypeMinLength}-{BlueprintRules.IdTypeMaxLength} characters (usually email, phone, external_id).");
        else if (!idTypes.Add(idType))
            yield return ($"{field}.idType", $"'{idType}' is configured twice.");
        if (config.MatchingAlgo is { } algo && !BlueprintRules.MatchingAlgos.Contains(algo))
            yield return ($"{field}.matchingAlgo", $"'matchingAlgo' must be {BlueprintRules.OneOf(BlueprintRules.MatchingAlgos)}.");
        if (config.MatchingThreshold is < 50 or > 99)
            yield return ($"{field}.matchingThreshold", "'matchingThreshold' is from 50 to 99.");
        if (config.Limit is < 1 or > 100)
            yield return ($"{field}.limit", "'limit' is from 1 to 100.");
        if (config.LimitPolicy is { } policy && !BlueprintRules.LimitPolicies.Contains(policy))
            yield return ($"{field}.limitPolicy", $"'limitPolicy' must be {BlueprintRules.OneOf(BlueprintRules.LimitPolicies)}.");
        if (config.Normalization is { } normalization && !BlueprintRules.Normalizations.Contains(normalization))
            yield return ($"{field}.normalization", $"'normalization' must be {BlueprintRules.OneOf(BlueprintRules.Normalizations)}.");
    }
}
