namespace Provisioning.Api.Twilio;

/// <summary>
/// A trait's <c>validationRule</c>, discriminated by <see cref="RuleType"/> (contract §12.2): STRING takes
/// <c>pattern</c>, <c>minLength</c>, <c>maxLength</c>; NUMBER <c>min</c>, <c>max</c>; ARRAY <c>minItems</c>,
/// <c>maxItems</c>; BOOLEAN nothing. One flat record: only the fields that are set are sent.
/// </summary>
public sealed record TraitValidationRule(
    string RuleType,
    string? Pattern = null,
    int? MinLength = null,
    int? MaxLength = null,
    decimal? Min = null,
    decimal? Max = null,
    int? MinItems = null,
    int? MaxItems = null);
