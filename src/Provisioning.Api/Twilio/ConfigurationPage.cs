namespace Provisioning.Api.Twilio;

public sealed record ConfigurationPage(IReadOnlyList<Configuration> Configurations, string? NextToken);
