using Hangfire;
using Microsoft.Extensions.Options;

namespace Provisioning.Api.Infrastructure.Jobs;

/// <summary>
/// Registers the recurring jobs the features declared (<see cref="RecurringJobDefinition"/>) once the process runs. AddOrUpdate is keyed by job id, so several instances
/// starting together register each job once. It runs in the background and keeps trying: the per-job lock
/// it needs may still be held by a process that was killed (until <see cref="JobsOptions.StaleLockTimeout"/>),
/// and that must delay the registration, never keep the process from starting.
/// </summary>
internal sealed partial class RecurringJobsRegistration(
    IRecurringJobManager recurringJobs,
    IEnumerable<RecurringJobDefinition> definitions,
    IEnumerable<RetiredRecurringJob> retired,
    IServiceProvider services,
    IOptions<JobsOptions> jobs,
    ILogger<RecurringJobsRegistration> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Hangfire's storage API is synchronous and waits for its lock; keep it off the host's start path.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Register();
                LogRegistered(logger);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRegistrationDeferred(logger, jobs.Value.RegistrationRetryInterval, exception.Message);
            }
            await Task.Delay(jobs.Value.RegistrationRetryInterval, stoppingToken);
        }
    }

    private void Register()
    {
        foreach (var job in retired) recurringJobs.RemoveIfExists(job.Id);
        foreach (var definition in definitions)
            recurringJobs.AddOrUpdate(definition.Id, definition.Job, definition.Cron(services), new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
    }

    [LoggerMessage(LogLevel.Information, "Recurring jobs registered")]
    private static partial void LogRegistered(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "Recurring jobs not registered yet, trying again in {RetryIn}: {Reason}")]
    private static partial void LogRegistrationDeferred(ILogger logger, TimeSpan retryIn, string reason);
}
