using System.Diagnostics;

namespace Provisioning.Api.Reconciliation;

/// <summary>
/// Counts a run's finished accounts and says when to report them: a write per account would be as many writes
/// as accounts (10,000 at 100,000 tenants), while the progress shown and the heartbeat that keeps the run from
/// looking abandoned need one a second. The last account is always reported, so a finished run shows all of them.
/// </summary>
internal sealed class RunProgress(int accounts)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private int _done;
    private long _reportedAt = Stopwatch.GetTimestamp();

    /// <summary>One more account done: the count to report now, or null when the last report is recent enough.</summary>
    public int? AccountDone()
    {
        var done = Interlocked.Increment(ref _done);
        if (done == accounts) return done;
        var reportedAt = Interlocked.Read(ref _reportedAt);
        if (Stopwatch.GetElapsedTime(reportedAt) < Interval) return null;
        // One of the accounts finishing together reports.
        return Interlocked.CompareExchange(ref _reportedAt, Stopwatch.GetTimestamp(), reportedAt) == reportedAt ? done : null;
    }
}
