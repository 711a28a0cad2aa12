namespace Provisioning.Api.Blueprints;

/// <summary>
/// The identity resolution a tenant's store is to have: Twilio's <c>IdentityResolutionSettingsCore</c> (contract
/// §12.2): the identifier types to ensure, and the order in which matching tries them (one idType per rule).
/// </summary>
public sealed record IdentityResolutionSettings(IReadOnlyList<IdentifierConfig?>? IdentifierConfigs, IReadOnlyList<string?>? MatchingRules);
