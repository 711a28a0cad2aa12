using System.Linq.Expressions;
using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;
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
        EnsurePoolFitsWorkers(connectionString, configuration);
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
            // Retries are scheduled jobs; look for due ones every second, not every 15.
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            server.ServerCheckInterval = TimeSpan.FromSeconds(30);
        });
        services.AddHostedService<RecurringJobsRegistration>();
        return services;
    }

    /// <summary>
    /// With long polling every idle worker holds a connection while it waits for a job, so a pool smaller
    /// than the workers starves enqueues (a signup would wait for a connection and time out).
    /// </summary>
    private static void EnsurePoolFitsWorkers(string? connectionString, IConfiguration configuration)
    {
        var workers = configuration.GetValue<int?>($"{JobsOptions.SectionName}:{nameof(JobsOptions.WorkerCount)}")
                      ?? new JobsOptions().WorkerCount;
        var maxPoolSize = new NpgsqlConnectionStringBuilder(connectionString).MaxPoolSize;
        if (maxPoolSize < workers + ConnectionsBesidesWorkers)
            throw new OptionsValidationException(nameof(PostgreSqlStorageOptions), typeof(PostgreSqlStorageOptions),
                [$"ConnectionStrings:Provisioning has Maximum Pool Size={maxPoolSize}, but Jobs:WorkerCount={workers} Hangfire workers need at least {workers + ConnectionsBesidesWorkers}. Raise the pool size or lower the worker count."]);
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
}
