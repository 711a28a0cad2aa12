using System.Linq.Expressions;
using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.States;
using Microsoft.Extensions.Options;
using Npgsql;
using Provisioning.Api.Infrastructure.Database;

namespace Provisioning.Api.Infrastructure.Jobs;

public static class HangfireServiceCollectionExtensions
{
    public const string Schema = "hangfire";

    /// <summary>
    /// Hangfire on the service's own database, in its own schema. Workers pick jobs up through PostgreSQL
    /// LISTEN/NOTIFY (long polling), so a signup starts in milliseconds rather than at the next 15 s poll.
    /// </summary>
    // runServer: whether this process executes jobs (role Worker); any process may enqueue them.
    public static IServiceCollection AddBackgroundJobs(this IServiceCollection services, IConfiguration configuration, bool runServer)
    {
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        services.ReserveHangfireWorkers(configuration, $"{JobsOptions.SectionName}:{nameof(JobsOptions.WorkerCount)}", new JobsOptions().WorkerCount);
        services.AddOptions<JobsOptions>()
            .Bind(configuration.GetSection(JobsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<JobLogScopeFilter>();
        services.AddHangfire((sp, hangfire) => hangfire
            .UseFilter(sp.GetRequiredService<JobLogScopeFilter>())
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(storage => storage.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions
            {
                SchemaName = Schema,
                PrepareSchemaIfNecessary = true,
                EnableLongPolling = true,
                QueuePollInterval = TimeSpan.FromSeconds(1),
                // Sagas wait on Twilio for seconds to minutes; a sliding timeout keeps a live job from being
                // handed to a second worker, while a dead worker's job still comes back.
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = TimeSpan.FromMinutes(5),
                DistributedLockTimeout = sp.GetRequiredService<IOptions<JobsOptions>>().Value.StaleLockTimeout,
            }));

        if (!runServer) return services;

        services.AddHangfireServer((sp, server) =>
        {
            server.WorkerCount = sp.GetRequiredService<IOptions<JobsOptions>>().Value.WorkerCount;
            // The default queue only: a feature with a queue of its own (webhooks) runs a server for it.
            server.Queues = [EnqueuedState.DefaultQueue];
            // Retries are scheduled jobs; look for due ones every second, not every 15.
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            server.ServerCheckInterval = TimeSpan.FromSeconds(30);
        });
        services.AddHostedService<RecurringJobsRegistration>();
        return services;
    }

    /// <summary>
    /// Counts the workers sized by <paramref name="workerCountSetting"/> against the connection pool, and checks that
    /// the pool still fits every server's workers: a feature registering a Hangfire server of its own calls this.
    /// </summary>
    public static IServiceCollection ReserveHangfireWorkers(this IServiceCollection services, IConfiguration configuration,
        string workerCountSetting, int defaultWorkers)
    {
        services.AddSingleton(new HangfireWorkerReservation(workerCountSetting, configuration.GetValue<int?>(workerCountSetting) ?? defaultWorkers));
        EnsurePoolFitsWorkers(services, configuration);
        return services;
    }

    /// <summary>
    /// With long polling every idle worker holds a connection while it waits for a job, so a pool smaller
    /// than the workers of all the process's servers starves enqueues (a signup would wait for a connection and time out).
    /// </summary>
    private static void EnsurePoolFitsWorkers(IServiceCollection services, IConfiguration configuration)
    {
        var reservations = services.Select(d => d.IsKeyedService ? null : d.ImplementationInstance).OfType<HangfireWorkerReservation>().ToList();
        var workers = reservations.Sum(r => r.Workers);
        var maxPoolSize = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(DatabaseOptions.ConnectionStringName)).MaxPoolSize;
        if (maxPoolSize < workers + ConnectionsBesidesWorkers)
            throw new OptionsValidationException(nameof(PostgreSqlStorageOptions), typeof(PostgreSqlStorageOptions),
                [$"ConnectionStrings:Provisioning has Maximum Pool Size={maxPoolSize}, but {workers} Hangfire workers ({string.Join(" + ", reservations.Select(r => $"{r.WorkerCountSetting}={r.Workers}"))}) need at least {workers + ConnectionsBesidesWorkers}. Raise the pool size or lower the worker counts."]);
    }

    // Enqueueing, scheduling, heartbeats and the dashboard share the pool with the workers.
    private const int ConnectionsBesidesWorkers = 10;

    /// <summary>
    /// A recurring job of a feature's: registered (added or updated by id) once a worker process runs, with the
    /// cron the feature's settings give.
    /// </summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string id,
        Expression<Func<TJob, Task>> method, Func<IServiceProvider, string> cron) =>
        services.AddSingleton(new RecurringJobDefinition(id, Job.FromExpression(method), cron));

    /// <summary>A recurring job of an earlier version, removed at start (<see cref="RetiredRecurringJob"/>).</summary>
    public static IServiceCollection AddRetiredRecurringJob(this IServiceCollection services, string id) =>
        services.AddSingleton(new RetiredRecurringJob(id));
}
