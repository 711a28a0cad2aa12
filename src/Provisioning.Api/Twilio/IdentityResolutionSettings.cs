namespace Provisioning.Api.Twilio;

/// <summary>A store's identity resolution settings as read (contract §12.2): identifier configs, matching order, version.</summary>
public sealed record IdentityResolutionSettings(IReadOnlyList<IdentifierConfig> IdentifierConfigs, IReadOnlyList<string> MatchingRules, int Version);
