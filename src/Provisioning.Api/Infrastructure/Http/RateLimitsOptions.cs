using System.ComponentModel.DataAnnotations;

namespace Provisioning.Api.Infrastructure.Http;

/// <summary>Per API key: one key cannot create tenants (and subaccounts) without bound, nor flood the admin bulk operations.</summary>
public sealed class RateLimitsOptions
{
    public const string SectionName = "RateLimits";

    [Range(1, 1_000_000)]
    public int SignupsPerMinute { get; set; } = 600;

    /// <summary>Bulk retries and reconciliation starts.</summary>
    [Range(1, 10_000)]
    public int BulkOperationsPerMinute { get; set; } = 10;
}
