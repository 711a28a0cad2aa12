namespace Provisioning.Api.Twilio;

/// <summary>
/// The body of an identity resolution PUT (contract §12.2 <c>IdentityResolutionSettingsCore</c>): a full replacement,
/// so it must carry every config to keep (P10: never drop configs that are present), 1–15 of each.
/// </summary>
public sealed record IdentityResolutionSettingsCore(IReadOnlyList<IdentifierConfig> IdentifierConfigs, IReadOnlyList<string> MatchingRules);
