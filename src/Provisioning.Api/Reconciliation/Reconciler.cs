using System.Diagnostics;
using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Provisioning.Api.Data;
using Provisioning.Api.Accounts;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Reconciliation;

/// <summary>
/// Runs a reconciliation over every account of the pool, a few accounts at a time, one account's data in
/// memory at once. One run at a time across all instances: a unique index admits a single Running row.
/// </summary>
public sealed partial class Reconciler(
    ProvisioningDbContext db,
    IServiceScopeFactory scopes,
    IBackgroundJobClient jobs,
    TwilioParents parents,
    IOptions<ReconciliationOptions> options,
    TimeProvider time,
    ILogger<Reconciler> logger)
{
    public const string RecurringJobId = "nightly-reconciliation";

    /// <summary>Starts a run, or returns the one already running (<c>Started</c> false).</summary>
    public async Task<(ReconciliationRun Run, bool Started)> StartAsync(bool dryRun, string trigger, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // A run whose process died never finishes by itself: let a new one start after a while.
        await db.ReconciliationRuns
            .Where(r => r.Status == ReconciliationStatus.Running && r.HeartbeatAt < now - options.Value.AbandonedAfter)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.Status, ReconciliationStatus.Failed).SetProperty(x => x.Error, "abandoned: no progress").SetProperty(x => x.FinishedAt, now), cancellationToken);

        // The unique index on running runs decides between concurrent starts. The run that won may finish
        // before the loser reads it back (a dry run of a small pool takes milliseconds): then start again.
        for (var attempt = 1; ; attempt++)
        {
            var run = new ReconciliationRun(dryRun, trigger, actor, now);
            db.ReconciliationRuns.Add(run);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                jobs.Enqueue<Reconciler>(r => r.RunAsync(run.Id, CancellationToken.None));
                return (run, true);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                db.ChangeTracker.Clear();
                var running = await db.ReconciliationRuns.AsNoTracking()
                    .SingleOrDefaultAsync(r => r.Status == ReconciliationStatus.Running, cancellationToken);
                if (running is not null || attempt == MaxStartAttempts)
                    return (running ?? throw new InvalidOperationException("Could not start a reconciliation: runs keep starting and finishing concurrently."), false);
            }
        }
    }

    private const int MaxStartAttempts = 3;

    /// <summary>The recurring job: start a run unless one is going.</summary>
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Nightly reconciliation")]
    public Task ScheduleAsync(CancellationToken cancellationToken) => StartAsync(dryRun: false, "schedule", "system", cancellationToken);

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Reconciliation {0}")]
    public async Task RunAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await db.ReconciliationRuns.SingleAsync(r => r.Id == runId, cancellationToken);
        if (run.Status != ReconciliationStatus.Running) return;

        var calls = TwilioCallCounter.Begin();
        var clock = Stopwatch.StartNew();
        try
        {
            // Every configured parent's accounts (one no longer configured holds no tenant: refused at start).
            var parentSids = parents.Sids;
            var accounts = await db.PoolAccounts.AsNoTracking().Where(a => a.Status != PoolAccountStatus.Closed && parentSids.Contains(a.ParentSid))
                .OrderBy(a => a.PoolIndex).Select(a => a.Sid).ToListAsync(cancellationToken);
            run.Begin(accounts.Count, time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);

            var progress = new RunProgress(accounts.Count);
            await Parallel.ForEachAsync(accounts,
                new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentAccounts, CancellationToken = cancellationToken },
                async (accountSid, ct) =>
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<AccountReconciler>().ReconcileAsync(runId, accountSid, run.DryRun, ct);
                    if (progress.AccountDone() is not { } done) return;
                    var scopedDb = scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>();
                    var now = time.GetUtcNow();
                    // Reports may land out of order: the count never goes back.
                    await scopedDb.ReconciliationRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(r => r
                        .SetProperty(x => x.AccountsDone, x => Math.Max(x.AccountsDone, done))
                        .SetProperty(x => x.TwilioCalls, x => Math.Max(x.TwilioCalls, calls.Calls))
                        .SetProperty(x => x.HeartbeatAt, now), ct);
                });

            var summary = await db.ReconciliationFindings.Where(f => f.RunId == runId)
                .GroupBy(f => f.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
            await db.Entry(run).ReloadAsync(cancellationToken);
            run.Complete(calls.Calls, summary.Sum(s => s.Count),
                JsonSerializer.Serialize(summary.ToDictionary(s => s.Key.ToString(), s => s.Count)), time.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            LogCompleted(logger, runId, run.AccountsTotal, run.FindingsTotal, calls.Calls, clock.Elapsed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            db.ChangeTracker.Clear();
            var failed = await db.ReconciliationRuns.SingleAsync(r => r.Id == runId, CancellationToken.None);
            failed.Fail(e.Message, calls.Calls, time.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            LogFailed(logger, e, runId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation {RunId}: {Accounts} accounts, {Findings} findings, {Calls} Twilio calls in {Duration}")]
    private static partial void LogCompleted(ILogger logger, Guid runId, int accounts, int findings, long calls, TimeSpan duration);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciliation {RunId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid runId);
}
