using System.ComponentModel.DataAnnotations;

namespace Provisioning.Api.Infrastructure.Auth;

/// <summary>How many wrong keys one address may present (X-Api-Key or the console's sign-in) before it is refused for a while.</summary>
public sealed class FailedAuthenticationOptions
{
    /// <summary>The same section as the per-key limits: RateLimits__FailedAuthenticationsPerMinute.</summary>
    public const string SectionName = "RateLimits";

    [Range(1, 100_000, ErrorMessage = "RateLimits:FailedAuthenticationsPerMinute must be between 1 and 100000.")]
    public int FailedAuthenticationsPerMinute { get; set; } = 10;
}
