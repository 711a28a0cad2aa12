namespace Provisioning.TwilioEmulator.Faults;

public enum FaultKind
{
    /// <summary>Answer with <see cref="ScriptedFault.Status"/> instead of running the request.</summary>
    Status,

    /// <summary>Wait <see cref="ScriptedFault.DelayMs"/>, then run the request normally (provokes client timeouts).</summary>
    Delay,

    /// <summary>Run the request (the state changes), then answer <see cref="ScriptedFault.Status"/> or hang.</summary>
    LostAcknowledgement,
}

/// <summary>A one-shot (or <see cref="Times"/>-shot) fault for requests matching method and path prefix.</summary>
public sealed class ScriptedFault
{
    public string Id { get; set; } = "";

    /// <summary>HTTP method to match; null or empty matches any.</summary>
    public string? Method { get; set; }

    /// <summary>Case-insensitive path prefix, e.g. <c>/v1/ControlPlane/Stores</c>.</summary>
    public string PathPrefix { get; set; } = "/";

    public FaultKind Kind { get; set; } = FaultKind.Status;

    /// <summary>Status for <see cref="FaultKind.Status"/> and <see cref="FaultKind.LostAcknowledgement"/> (default 500).</summary>
    public int Status { get; set; } = 500;

    /// <summary>Retry-After seconds to send with the error; null sends the default for 429/503 only.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Delay for <see cref="FaultKind.Delay"/>; for a hanging lost acknowledgement, how long to hang before aborting.</summary>
    public int DelayMs { get; set; } = 30_000;

    /// <summary>Lost acknowledgement only: hang and then drop the connection instead of answering <see cref="Status"/>.</summary>
    public bool Hang { get; set; }

    /// <summary>How many more matching requests this fault applies to.</summary>
    public int Times { get; set; } = 1;

    public bool Matches(HttpRequest request) =>
        (string.IsNullOrEmpty(Method) || string.Equals(Method, request.Method, StringComparison.OrdinalIgnoreCase))
        && request.Path.StartsWithSegmentsOrPrefix(PathPrefix);

    public string? Validate()
    {
        if (string.IsNullOrEmpty(PathPrefix) || PathPrefix[0] != '/') return "pathPrefix must start with '/'";
        if (Times < 1) return "times must be >= 1";
        if (Status is < 400 or > 599) return "status must be 4xx or 5xx";
        if (DelayMs < 0) return "delayMs must be >= 0";
        return null;
    }
}

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

internal static class PathExtensions
{
    public static bool StartsWithSegmentsOrPrefix(this PathString path, string prefix) =>
        (path.Value ?? "").StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
}
