namespace Provisioning.Api.Accounts;

/// <summary>
/// One growth round at a time in this process. A burst of signups that all find the pool full would otherwise queue
/// one by one on the growth lock (a PostgreSQL connection each) and each look at the pool in turn; instead the first
/// runs the round (creating as many subaccounts in parallel as the backlog needs) and the others wait for it without a
/// connection, then all try for a slot at once. Across processes the growth lock still decides.
/// </summary>
public sealed class PoolGrowthRounds
{
    /// <summary>How often one process asks for headroom at most.</summary>
    private static readonly TimeSpan HeadroomRequestInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _sync = new();
    private Task? _running;
    private DateTimeOffset _headroomRequestedAt = DateTimeOffset.MinValue;
    private int _freeSlots;

    /// <summary>The free slots a round's leader counted when its round ended: a hint for the signups that waited on it.</summary>
    public void ReportFreeSlots(int free) => Volatile.Write(ref _freeSlots, free);

    /// <summary>
    /// Whether a signup that waited on a round should try for a slot (under the slot lock) or wait for the next round.
    /// A hint only: a slot the hint promised may be gone (another process took it), and the slot lock decides.
    /// </summary>
    public bool TryClaimFreeSlot() => Interlocked.Decrement(ref _freeSlots) >= 0;

    /// <summary>
    /// Whether a reservation that left the pool short of headroom should queue a headroom job: not while a round runs
    /// (it is making room already), and at most once a second. A burst of a thousand reservations otherwise queued a
    /// thousand headroom jobs, each holding a Hangfire worker for a round, ahead of the burst's own onboarding jobs.
    /// </summary>
    public bool TryClaimHeadroomRequest(DateTimeOffset now)
    {
        lock (_sync)
        {
            if (_running is { IsCompleted: false } || now - _headroomRequestedAt < HeadroomRequestInterval) return false;
            _headroomRequestedAt = now;
            return true;
        }
    }

    /// <summary>
    /// Runs <paramref name="round"/>, or waits for the round already running. A round someone else ran may have failed
    /// or not made room for this caller: either way the caller looks for a slot again (and runs the next round if none).
    /// </summary>
    public async Task RunOrJoinAsync(Func<Task> round, CancellationToken cancellationToken)
    {
        Task? theirs = null;
        TaskCompletionSource? ours = null;
        lock (_sync)
        {
            if (_running is { IsCompleted: false } other) theirs = other;
            else _running = (ours = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
        if (ours is not null)
        {
            try
            {
                await round();
            }
            finally
            {
                // How the round ended is the leader's to report; the others only needed to know that it did.
                ours.SetResult();
            }
            return;
        }
        await theirs!.WaitAsync(cancellationToken);
    }
}
