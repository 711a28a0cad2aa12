namespace Provisioning.Api.Twilio;

public sealed record PageMeta(string? Key, int? PageSize, string? NextToken, string? PreviousToken);
