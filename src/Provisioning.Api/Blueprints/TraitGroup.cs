using System.Text.Json.Serialization;

namespace Provisioning.Api.Blueprints;

/// <summary>
/// A trait group the tenant's store is to have: Twilio's <c>TraitGroupRequest</c> (contract §12.2), traits by name.
/// Nullable throughout so that a missing field is a validation error naming it, not a deserialization failure.
/// </summary>
public sealed record TraitGroup(
    string? DisplayName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    IReadOnlyDictionary<string, TraitDefinition?>? Traits);
