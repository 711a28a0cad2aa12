namespace Provisioning.Api.Twilio;

public sealed record TraitGroupPage(IReadOnlyList<TraitGroup> Groups, string? NextToken);
