namespace Provisioning.Api.Blueprints;

/// <summary>
/// One identifier type of the identity resolution settings: Twilio's <c>IdentifierConfig</c> (contract §12.2). A
/// revision stores it with Twilio's published defaults filled in (<see cref="WithDefaults"/>), so that it says exactly
/// what the store is to hold.
/// </summary>
public sealed record IdentifierConfig(
    string? IdType,
    string? MatchingAlgo = null,
    int? MatchingThreshold = null,
    int? Limit = null,
    string? LimitPolicy = null,
    bool? EnforceUnique = null,
    string? Normalization = null)
{
    public IdentifierConfig WithDefaults() => new(
        IdType,
        MatchingAlgo ?? "exact",
        MatchingThreshold ?? 75,
        Limit ?? 100,
        LimitPolicy ?? "fifo",
        EnforceUnique ?? true,
        Normalization ?? "trim");
}
