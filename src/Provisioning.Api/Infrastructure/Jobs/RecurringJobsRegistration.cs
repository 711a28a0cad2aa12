using Hangfire;
using Microsoft.Extensions.Options;
using Provisioning.Api.Reconciliation;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Infrastructure.Jobs;

/// <summary>
/// Registers the recurring jobs at start. AddOrUpdate is keyed by job id, so several instances starting
/// together register each job once.
/// </summary>
internal sealed class RecurringJobsRegistration(
    IRecurringJobManager recurringJobs, IOptions<ProvisioningOptions> provisioning, IOptions<ReconciliationOptions> reconciliation) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurringJobs.AddOrUpdate<StalledTenantsWatchdog>(
            StalledTenantsWatchdog.RecurringJobId,
            watchdog => watchdog.RunAsync(CancellationToken.None),
            provisioning.Value.WatchdogCron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        recurringJobs.AddOrUpdate<Reconciler>(
            Reconciler.RecurringJobId,
            reconciler => reconciler.ScheduleAsync(CancellationToken.None),
            reconciliation.Value.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
