using Microsoft.EntityFrameworkCore;
using Npgsql;
using Provisioning.Api.Data;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Onboarding;

/// <summary>
/// Enqueues the onboarding of new signups, off the request path: a signup is one insert, whose trigger
/// NOTIFYs the workers; any worker's dispatcher claims undispatched Pending tenants (FOR UPDATE SKIP LOCKED, so
/// several workers never claim one twice) and enqueues their sagas. It also sweeps every second, so a missed
/// notification delays a signup by at most that.
/// </summary>
public sealed partial class SignupDispatcher(
    NpgsqlDataSource dataSource, IServiceScopeFactory scopes, TimeProvider time, ILogger<SignupDispatcher> logger) : BackgroundService
{
    public const string Channel = "provisioning_signups";
    private const int BatchSize = 200;
    private const int EnqueueParallelism = 8;
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var listener = await dataSource.OpenConnectionAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", listener))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    while (await DispatchBatchAsync(stoppingToken) == BatchSize)
                    {
                    }
                    await listener.WaitAsync(Sweep, stoppingToken);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The database went away: try again shortly; the signups wait in PostgreSQL meanwhile.
                LogDispatchFailed(logger, e);
                await Task.Delay(Sweep, time, stoppingToken);
            }
        }
    }

    /// <summary>Claims up to a batch of undispatched signups, enqueues them, and marks them; returns how many.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>();
        var jobs = scope.ServiceProvider.GetRequiredService<TenantJobs>();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = await db.Database.SqlQuery<Guid>($"""
            SELECT id AS "Value" FROM tenants
            WHERE status = 'Pending' AND onboarding_dispatched_at IS NULL
            ORDER BY id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED
            """).ToListAsync(cancellationToken);
        if (ids.Count == 0) return 0;

        // Enqueue before marking: a crash in between enqueues them again, which the saga's lock makes harmless. Each
        // enqueue is a few statements of Hangfire's own; a few at a time keep a burst of signups from queueing behind them.
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = EnqueueParallelism, CancellationToken = cancellationToken },
            (id, _) =>
            {
                jobs.EnqueueOnboarding(id);
                return ValueTask.CompletedTask;
            });
        var now = time.GetUtcNow();
        await db.Tenants.Where(t => ids.Contains(t.Id))
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.OnboardingDispatchedAt, now), cancellationToken);
        await transaction.CommitAsync(CancellationToken.None);
        return ids.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signup dispatch failed; retrying")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);
}
