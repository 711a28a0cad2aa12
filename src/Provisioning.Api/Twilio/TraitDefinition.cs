namespace Provisioning.Api.Twilio;

/// <summary>
/// One trait of a trait group (contract §12.2 <c>TraitDefinition</c>): <c>dataType</c> is <c>STRING</c>, <c>NUMBER</c>,
/// <c>BOOLEAN</c> or <c>ARRAY</c>; <see cref="IdTypePromotion"/> names the identifier type the value becomes.
/// </summary>
public sealed record TraitDefinition(string DataType, string? Description = null, TraitValidationRule? ValidationRule = null, string? IdTypePromotion = null)
{
    /// <summary>In a trait group PATCH, the definition that removes the trait (<c>"dataType": ""</c>).</summary>
    public static TraitDefinition Removal { get; } = new("");
}
