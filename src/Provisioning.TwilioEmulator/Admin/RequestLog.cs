
namespace Provisioning.TwilioEmulator.Admin;

/// <summary>A bounded, thread-safe log of Twilio API requests (admin requests are not logged).</summary>
public sealed class RequestLog(EmulatorSettings settings)
{
    private readonly Lock _sync = new();
    private readonly LinkedList<LoggedRequest> _entries = new();
    private long _sequence;

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public void Add(LoggedRequest entry)
    {
        lock (_sync)
        {
            _entries.AddLast(entry);
            while (_entries.Count > settings.Current.RequestLogCapacity) _entries.RemoveFirst();
        }
    }

    public IReadOnlyList<LoggedRequest> Since(long afterSequence)
    {
        lock (_sync) return [.. _entries.Where(e => e.Sequence > afterSequence).OrderBy(e => e.Sequence)];
    }

    public void Clear()
    {
        lock (_sync) _entries.Clear();
    }
}
