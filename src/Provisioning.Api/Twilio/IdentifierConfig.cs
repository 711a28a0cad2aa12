namespace Provisioning.Api.Twilio;

/// <summary>
/// One identifier type of a store's identity resolution (contract §12.2 <c>IdentifierConfig</c>). Fields left null
/// are not sent and take Twilio's defaults: <c>exact</c>, threshold 75, limit 100, <c>fifo</c>, unique, <c>trim</c>.
/// </summary>
public sealed record IdentifierConfig(
    string IdType,
    string? MatchingAlgo = null,
    int? MatchingThreshold = null,
    int? Limit = null,
    string? LimitPolicy = null,
    bool? EnforceUnique = null,
    string? Normalization = null);
