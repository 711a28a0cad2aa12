namespace Provisioning.Api.Blueprints;

/// <summary>
/// A revision's content in the Twilio client's types. The blueprint keeps Twilio's shapes (contract §12.2), validated
/// and normalized, so this is a field-by-field copy; it exists because the blueprint's records are nullable throughout
/// (a missing field is a validation error naming it) and the client's are not.
/// </summary>
public static class BlueprintTwilioShapes
{
    public static Twilio.TraitGroupRequest ToRequest(TraitGroup group) =>
        new(group.DisplayName!, group.Description, ToTraits(group.Traits));

    public static Dictionary<string, Twilio.TraitDefinition> ToTraits(IReadOnlyDictionary<string, TraitDefinition?>? traits) =>
        (traits ?? new Dictionary<string, TraitDefinition?>()).ToDictionary(t => t.Key, t => ToTrait(t.Value!), StringComparer.Ordinal);

    public static Twilio.TraitDefinition ToTrait(TraitDefinition trait) =>
        new(trait.DataType!, trait.Description, trait.ValidationRule is { } rule ? ToRule(rule) : null, trait.IdTypePromotion);

    public static Twilio.IdentifierConfig ToIdentifierConfig(IdentifierConfig config) =>
        new(config.IdType!, config.MatchingAlgo, config.MatchingThreshold, config.Limit, config.LimitPolicy, config.EnforceUnique, config.Normalization);

    private static Twilio.TraitValidationRule ToRule(TraitValidationRule rule) =>
        new(rule.RuleType!, rule.Pattern, rule.MinLength, rule.MaxLength, (decimal?)rule.Min, (decimal?)rule.Max, rule.MinItems, rule.MaxItems);
}
