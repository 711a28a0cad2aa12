using System.Text.Json.Serialization;

namespace Provisioning.Api.Blueprints;

/// <summary>
/// A trait's <c>validationRule</c> (contract §12.2), discriminated by <see cref="RuleType"/>: STRING takes
/// <c>pattern</c>, <c>minLength</c>, <c>maxLength</c>; NUMBER <c>min</c>, <c>max</c>; BOOLEAN nothing; ARRAY
/// <c>minItems</c>, <c>maxItems</c>. One flat record, as the fields never collide; the validator refuses a field that is
/// not of the rule's type, as Twilio's schema does ("no other properties").
/// </summary>
public sealed record TraitValidationRule(
    string? RuleType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Pattern = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MinLength = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxLength = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Min = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Max = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MinItems = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxItems = null);
