using System.ComponentModel.DataAnnotations;

namespace Provisioning.Api.Infrastructure.Http;

/// <summary>
/// Per API key: one key cannot create tenants (and subaccounts) without bound, flood the admin bulk operations, drive
/// Twilio configuration changes through settings changes, or mint tokens without bound.
/// </summary>
public sealed class RateLimitsOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>
    /// Tenants signed up; a batch counts each of its items, all or none (<see cref="SignupPermits"/>). The default lets
    /// one full batch (1,000 items) through a minute: a larger batch than the budget is never accepted.
    /// </summary>
    [Range(1, 1_000_000)]
    public int SignupsPerMinute { get; set; } = 1000;

    /// <summary>Bulk retries, batch signups and reconciliation starts: requests, whatever their size.</summary>
    [Range(1, 10_000)]
    public int BulkOperationsPerMinute { get; set; } = 10;

    /// <summary>
    /// Settings changes (<c>PATCH /v1/tenants/{clientId}</c>): each accepted one is a configuration PUT at Twilio. Two a
    /// second keeps a migration of every tenant's settings possible (10,000 tenants in under an hour and a half).
    /// </summary>
    [Range(1, 1_000_000)]
    public int TenantUpdatesPerMinute { get; set; } = 120;

    /// <summary>
    /// Gateway access tokens issued: twenty a second. A runtime that renews a token of each of 10,000 tenants (the
    /// default tenant quota) every 15 minutes (the default lifetime) asks for about 670 a minute; the rest is room for bursts.
    /// </summary>
    [Range(1, 1_000_000)]
    public int AccessTokensPerMinute { get; set; } = 1200;
}
