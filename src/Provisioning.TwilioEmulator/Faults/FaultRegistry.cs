namespace Provisioning.TwilioEmulator.Faults;

/// <summary>The scripted faults still armed. Matching and consuming one happens atomically.</summary>
public sealed class FaultRegistry
{
    private readonly Lock _sync = new();
    private readonly List<ScriptedFault> _faults = [];
    private int _nextId;

    public ScriptedFault Add(ScriptedFault fault)
    {
        lock (_sync)
        {
            fault.Id = $"fault-{++_nextId}";
            _faults.Add(fault);
            return fault;
        }
    }

    public IReadOnlyList<ScriptedFault> List()
    {
        lock (_sync) return [.. _faults];
    }

    public void Clear()
    {
        lock (_sync) _faults.Clear();
    }

    /// <summary>The first armed fault matching the request, with one use consumed.</summary>
    public ScriptedFault? TryConsume(HttpRequest request)
    {
        lock (_sync)
        {
            var fault = _faults.FirstOrDefault(f => f.Matches(request));
            if (fault is null) return null;
            if (--fault.Times == 0) _faults.Remove(fault);
            return fault;
        }
    }
}
