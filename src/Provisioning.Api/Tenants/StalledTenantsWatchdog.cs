using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Data;

namespace Provisioning.Api.Tenants;

/// <summary>
/// Re-enqueues the saga of every tenant that has made no progress for <see cref="ProvisioningOptions.StalledAfter"/>:
/// a signup whose job was never enqueued (the process died right after the commit), a job Hangfire gave up
/// on, a retry lost with a wiped queue; and likewise offboardings that are overdue or stopped mid-way.
/// Enqueueing a tenant that is in fact still running is harmless: the extra run meets the saga's tenant lock
/// and only looks again later, while the tenant still has work.
/// </summary>
public sealed partial class StalledTenantsWatchdog(
    ProvisioningDbContext db,
    TenantJobs jobs,
    TimeProvider time,
    IOptions<ProvisioningOptions> options,
    ILogger<StalledTenantsWatchdog> logger)
{
    public const string RecurringJobId = "stalled-tenants-watchdog";
    private const int BatchSize = 500;

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var stalledBefore = time.GetUtcNow() - options.Value.StalledAfter;
        var stalled = await db.Tenants.AsNoTracking()
            .Where(t => (t.Status == TenantStatus.Pending || t.Status == TenantStatus.Provisioning
                         || (t.Status == TenantStatus.Ready && t.AppliedSettingsRevision < t.SettingsRevision)) && t.UpdatedAt < stalledBefore)
            .OrderBy(t => t.UpdatedAt)
            .Select(t => new { t.Id, t.ClientId })
            .Take(BatchSize)
            .ToListAsync(cancellationToken);

        foreach (var tenant in stalled)
        {
            jobs.EnqueueOnboarding(tenant.Id);
            LogRequeued(logger, tenant.ClientId);
        }

        // Offboardings whose scheduled job never ran, or that stopped mid-way.
        var stalledOffboardings = await db.Tenants.AsNoTracking()
            .Where(t => (t.Status == TenantStatus.PendingDeletion && t.DeletionDueAt < stalledBefore)
                        || (t.Status == TenantStatus.Deprovisioning && t.UpdatedAt < stalledBefore))
            .OrderBy(t => t.UpdatedAt)
            .Select(t => new { t.Id, t.ClientId })
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        foreach (var tenant in stalledOffboardings)
        {
            jobs.EnqueueOffboarding(tenant.Id);
            LogRequeued(logger, tenant.ClientId);
        }
        return stalled.Count + stalledOffboardings.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {ClientId} made no progress recently; its onboarding was enqueued again")]
    private static partial void LogRequeued(ILogger logger, string clientId);
}
