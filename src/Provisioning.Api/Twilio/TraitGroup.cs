namespace Provisioning.Api.Twilio;

/// <summary>
/// A trait group of a store (contract §12.2 <c>TraitGroup</c>). <see cref="Traits"/> is null when it was listed without
/// its traits; their order is the order Twilio gave them in.
/// </summary>
public sealed record TraitGroup(string DisplayName, string? Description, IReadOnlyDictionary<string, TraitDefinition>? Traits, int Version);
