namespace Provisioning.Api.Twilio;

/// <summary>
/// The body of a trait group PATCH (contract §12.2): traits named here replace the group's definitions of the same name
/// or are added; <see cref="TraitDefinition.Removal"/> removes one. Traits not named stay as they are.
/// </summary>
public sealed record TraitGroupPatch(string? Description = null, IReadOnlyDictionary<string, TraitDefinition>? Traits = null);
