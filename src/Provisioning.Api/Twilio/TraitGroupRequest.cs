namespace Provisioning.Api.Twilio;

/// <summary>The body of a trait group create (contract §12.2 <c>TraitGroupRequest</c>); nothing else may be sent.</summary>
public sealed record TraitGroupRequest(string DisplayName, string? Description = null, IReadOnlyDictionary<string, TraitDefinition>? Traits = null);
