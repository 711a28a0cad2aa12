using System.Text.Json.Serialization;

namespace Provisioning.Api.Blueprints;

/// <summary>
/// One trait of a group: Twilio's <c>TraitDefinition</c> (contract §12.2). <see cref="IdTypePromotion"/> makes the trait's
/// value an identifier of that type (it must be a configured idType of the store's identity resolution).
/// </summary>
public sealed record TraitDefinition(
    string? DataType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TraitValidationRule? ValidationRule,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IdTypePromotion);
