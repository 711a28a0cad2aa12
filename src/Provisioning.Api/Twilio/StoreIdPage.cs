namespace Provisioning.Api.Twilio;

public sealed record StoreIdPage(IReadOnlyList<string> StoreIds, string? NextToken);
