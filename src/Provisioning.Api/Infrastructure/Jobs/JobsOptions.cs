using System.ComponentModel.DataAnnotations;

namespace Provisioning.Api.Infrastructure.Jobs;

/// <summary>How many jobs a process runs at once, and how Hangfire's storage treats what a dead process left behind.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>
    /// Hangfire workers of the default queue in this process: each runs one job (a saga, mostly waiting on Twilio) at a
    /// time. A feature with a queue of its own (webhooks) sizes its workers itself.
    /// </summary>
    [Range(1, 500)]
    public int WorkerCount { get; set; } = 20;

    /// <summary>
    /// Age after which a Hangfire distributed lock row is taken to belong to a dead process and is removed.
    /// Hangfire holds these locks for milliseconds (recurring-job triggers, expiration), never for a job's
    /// run: sagas fence themselves with PostgreSQL advisory locks. A process killed while holding one would
    /// otherwise stop the recurring jobs (the watchdog among them) for Hangfire.PostgreSql's default 10 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StaleLockTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Wait between attempts to register the recurring jobs while their lock or the database is unavailable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RegistrationRetryInterval { get; set; } = TimeSpan.FromSeconds(5);
}
