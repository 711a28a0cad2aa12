namespace Provisioning.Api.Infrastructure.Jobs;

/// <summary>Which browser-session authentication schemes, besides the API key, may open the Hangfire dashboard.</summary>
public sealed class AdminDashboardOptions
{
    public List<string> SessionSchemes { get; } = [];
}
