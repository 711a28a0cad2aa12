using System.Collections.Concurrent;
using Hangfire;
using Microsoft.Extensions.Options;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Onboarding;

/// <summary>
/// Runs this worker process's onboarding sagas as async tasks instead of on Hangfire workers. A saga spends most of
/// its chain waiting (for Twilio's operations, for an ACTIVE store, for a Retry-After); on a Hangfire worker every wait
/// held the worker, so a process finished at most WorkerCount tenants per chain. Here a wait holds no worker, no thread
/// and no connection (the tenant's lock is one of many on a shared session), so Twilio's latency and rate limits are
/// what bind. The Hangfire job only hands the tenant over and ends: Hangfire stays the durable queue between
/// processes. A run lost with its process is found by the stalled-tenants watchdog, as a lost job always was; a process
/// that shuts down hands what it has not finished back to Hangfire, due a few seconds later.
/// </summary>
public sealed partial class OnboardingRuns(
    IServiceScopeFactory scopes, TenantJobs jobs, TimeProvider time, IOptions<ProvisioningOptions> options, ILogger<OnboardingRuns> logger)
    : IHostedService
{
    /// <summary>
    /// Waits before running a saga again after a failure of our own infrastructure (the database unreachable mid-run):
    /// Twilio's failures the saga answers itself. After the last, the watchdog takes over.
    /// </summary>
    private static readonly TimeSpan[] InfrastructureRetryDelays =
        [.. new[] { 1, 2, 5, 10, 20, 30, 60, 120 }.Select(s => TimeSpan.FromSeconds(s))];

    // Neither is disposed: a run still finishing after the host's shutdown timeout must not meet a disposed one, and
    // neither holds anything but memory (no wait handle, no timer).
    private static readonly TimeSpan HandOverDelay = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentRuns);
    private readonly ConcurrentDictionary<Run, byte> _runs = new();

    /// <summary>
    /// The Hangfire job: starts the tenant's saga in this process and returns at once. A second start of a tenant that
    /// is running meets the saga's tenant lock, which asks the running one to look again.
    /// </summary>
    [JobDisplayName("Onboard tenant {0}")]
    [AutomaticRetry(Attempts = 10, DelaysInSeconds = [5, 10, 30, 60, 120, 300, 600, 600, 600, 600])]
    public void Start(Guid tenantId)
    {
        // Refused, Hangfire retries the job later: on another process, or on this one once it is back.
        if (_stopping.IsCancellationRequested) throw new InvalidOperationException("This process is shutting down.");
        var run = new Run(tenantId);
        _runs.TryAdd(run, 0);
        run.Completion = Task.Run(() => RunAsync(run));
    }

    private async Task RunAsync(Run run)
    {
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                await _slots.WaitAsync(_stopping.Token);
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<TenantOnboardingSaga>().RunAsync(run.TenantId, _stopping.Token);
                    run.Finished = true;
                    return;
                }
                catch (Exception e) when (!_stopping.IsCancellationRequested && attempt < InfrastructureRetryDelays.Length)
                {
                    LogRunFailed(logger, e, run.TenantId, InfrastructureRetryDelays[attempt]);
                }
                finally
                {
                    _slots.Release();
                }
                await Task.Delay(InfrastructureRetryDelays[attempt], time, _stopping.Token);
            }
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: StopAsync hands the tenant back to Hangfire.
        }
        catch (Exception e)
        {
            LogRunAbandoned(logger, e, run.TenantId);
        }
        finally
        {
            _runs.TryRemove(run, out _);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Cancels the runs (each has saved its progress at its last step) and queues every tenant not finished for any
    /// worker, a few seconds out, instead of leaving it to the watchdog's next look.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        var unfinished = _runs.Keys.ToList();
        try
        {
            await Task.WhenAll(unfinished.Select(r => r.Completion ?? Task.CompletedTask)).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Out of shutdown time: hand over what we have.
        }

        var handOver = unfinished.Where(r => !r.Finished).Select(r => r.TenantId).Distinct().ToList();
        if (handOver.Count == 0) return;
        try
        {
            // A few seconds out: enqueued at once, they would go to this process's own Hangfire server, which stops
            // after this service and would only refuse them (and Hangfire's retry would come later than this).
            foreach (var tenantId in handOver) jobs.ScheduleOnboarding(tenantId, HandOverDelay);
            LogHandedOver(logger, handOver.Count);
        }
        catch (Exception e)
        {
            // The database is gone too: the watchdog finds these tenants once it is back.
            LogHandOverFailed(logger, e, handOver.Count);
        }
    }

    private sealed class Run(Guid tenantId)
    {
        public Guid TenantId { get; } = tenantId;
        public Task? Completion { get; set; }
        public bool Finished { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Onboarding run of tenant {TenantId} failed; running it again in {Delay}")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, Guid tenantId, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Onboarding run of tenant {TenantId} failed again; the watchdog takes it up")]
    private static partial void LogRunAbandoned(ILogger logger, Exception exception, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: {Count} unfinished onboardings handed back to the job queue")]
    private static partial void LogHandedOver(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shutting down: {Count} unfinished onboardings could not be handed back; the watchdog takes them up")]
    private static partial void LogHandOverFailed(ILogger logger, Exception exception, int count);
}
