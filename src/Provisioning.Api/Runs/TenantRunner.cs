using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Runs;

/// <summary>
/// Runs tenants whose work is due, in this worker process. The tenant row says what is due and who holds it until when
/// (<see cref="TenantRun"/>); this loop takes up due tenants and tenants whose holder stopped renewing its lease, on a
/// database notification or at each sweep, and runs each one's saga as an async task: a saga's waits on Twilio hold no
/// worker, thread or connection. Leases are renewed at the sagas' checkpoints and by a heartbeat, and given back when a
/// run ends (with the next due time), when it fails on our own infrastructure (due again shortly) and when the process
/// shuts down (due as they were, for any other process at once). A process that dies without giving them back costs
/// its tenants one lease (<see cref="ProvisioningOptions.RunLease"/>), not a watchdog's period.
/// </summary>
public sealed partial class TenantRunner(
    NpgsqlDataSource dataSource,
    TenantLeases leases,
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<ProvisioningOptions> options,
    ILogger<TenantRunner> logger) : BackgroundService
{
    public const string Channel = "provisioning_runs";
    private const int ClaimBatch = 100;

    private readonly ProvisioningOptions _options = options.Value;
    // Never disposed: a run still finishing after the host's shutdown time, or a second StopAsync, must not meet a
    // disposed one, and it holds nothing but memory (no wait handle, no timer).
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Guid, Task> _running = new();
    private readonly ConcurrentQueue<(ClaimedRun Run, DateTimeOffset? NextRunAt)> _unreleased = new();
    private DateTimeOffset _lastHeartbeat = DateTimeOffset.MinValue;

    private TimeSpan HeartbeatInterval => _options.RunLease / 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _stopping.Token);
        var token = linked.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await using var listener = await dataSource.OpenConnectionAsync(token);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", listener))
                    await listen.ExecuteNonQueryAsync(token);
                while (!token.IsCancellationRequested)
                {
                    await ReleaseLeftOversAsync(token);
                    await HeartbeatAsync(token);
                    while (await ClaimAndStartAsync(token))
                    {
                    }
                    await listener.WaitAsync(_options.RunSweepInterval, token);
                }
            }
            catch (Exception e) when (!token.IsCancellationRequested && e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The database went away: the due work waits in PostgreSQL meanwhile, and our leases run out there
                // if we stay cut off for longer than one.
                LogLoopFailed(logger, e);
                await Task.Delay(_options.RunSweepInterval, time, token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>Claims as many due tenants as this process has room for and starts their runs; true when more may be due.</summary>
    private async Task<bool> ClaimAndStartAsync(CancellationToken cancellationToken)
    {
        var room = Math.Min(ClaimBatch, _options.MaxConcurrentRuns - _running.Count);
        if (room <= 0) return false;
        var claimed = await leases.ClaimDueAsync(room, cancellationToken);
        foreach (var run in claimed)
        {
            // Ours already (the lease ran out while the database was away, and we took it again): the run goes on.
            if (_running.ContainsKey(run.TenantId)) continue;
            _running[run.TenantId] = Task.Run(() => RunAsync(run), CancellationToken.None);
        }
        return claimed.Count == room;
    }

    private async Task RunAsync(ClaimedRun run)
    {
        DateTimeOffset? next = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var work = scope.ServiceProvider.GetServices<ITenantWork>().FirstOrDefault(w => w.Handles(run.Status));
            if (work is not null) next = (await work.RunAsync(run.TenantId, _stopping.Token)).NextRunAt;
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: StopAsync gives the lease back with the work still due.
            _running.TryRemove(run.TenantId, out _);
            return;
        }
        catch (Exception e)
        {
            // Our own infrastructure failed (Twilio's failures the sagas answer themselves): due again shortly,
            // backing off while it keeps failing.
            var delay = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Max(0, run.Attempt - 1))));
            next = time.GetUtcNow() + delay;
            LogRunFailed(logger, e, run.TenantId, delay);
        }

        // Out of the running set before the lease is given back: a claim of the tenant that follows the release at once
        // must start a run, not be taken for this one.
        _running.TryRemove(run.TenantId, out _);
        try
        {
            await leases.ReleaseAsync(run, next, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The database is away: the loop gives the lease back once it is there again.
            LogReleaseFailed(logger, e, run.TenantId);
            _unreleased.Enqueue((run, next));
        }
    }

    private async Task ReleaseLeftOversAsync(CancellationToken cancellationToken)
    {
        while (_unreleased.TryPeek(out var left))
        {
            await leases.ReleaseAsync(left.Run, left.NextRunAt, cancellationToken);
            _unreleased.TryDequeue(out _);
        }
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _lastHeartbeat < HeartbeatInterval) return;
        // Leases with less than two heartbeats left: a run that checkpointed lately renewed its own.
        await leases.RenewAsync(_running.Keys.ToList(), _options.RunLease - HeartbeatInterval, cancellationToken);
        _lastHeartbeat = now;
    }

    /// <summary>
    /// Cancels the runs (each saved its progress at its last checkpoint), waits for them within the host's shutdown
    /// time, and gives every lease back, so another process takes the tenants up at its next sweep.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_running.Values).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Out of shutdown time: give back what we hold anyway.
        }
        try
        {
            var released = await leases.ReleaseAllAsync(CancellationToken.None);
            if (released > 0) LogHandedOver(logger, released);
        }
        catch (Exception e)
        {
            LogHandOverFailed(logger, e);
        }
        await base.StopAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for due tenant runs failed; trying again")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run of tenant {TenantId} failed; due again in {Delay}")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, Guid tenantId, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Giving back the run of tenant {TenantId} failed; trying again once the database answers")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: {Count} tenant runs given back for other processes")]
    private static partial void LogHandedOver(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shutting down: the tenant runs could not be given back; their leases run out instead")]
    private static partial void LogHandOverFailed(ILogger logger, Exception exception);
}
