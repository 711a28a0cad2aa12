namespace Provisioning.Api.Accounts;

/// <summary>
/// One growth round at a time in this process. A burst of signups that all find the pool full would otherwise queue
/// one by one on the growth lock (a PostgreSQL connection each) and each look at the pool in turn; instead the first
/// runs the round (creating as many subaccounts in parallel as the backlog needs) and the others wait for it without a
/// connection, then all try for a slot at once. Across processes the growth lock still decides.
/// </summary>
public sealed class PoolGrowthRounds
{
    private readonly Lock _sync = new();
    private Task? _running;

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
