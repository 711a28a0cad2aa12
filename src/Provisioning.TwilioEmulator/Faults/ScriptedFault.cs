namespace Provisioning.TwilioEmulator.Faults;

/// <summary>A one-shot (or <see cref="Times"/>-shot) fault for requests matching method and path prefix.</summary>
public sealed class ScriptedFault
{
    public string Id { get; set; } = "";

    /// <summary>HTTP method to match; null or empty matches any.</summary>
    public string? Method { get; set; }

    /// <summary>Case-insensitive path prefix, e.g. <c>/v1/ControlPlane/Stores</c>.</summary>
    public string PathPrefix { get; set; } = "/";

    public FaultKind Kind { get; set; } = FaultKind.Status;

    /// <summary>Status for <see cref="FaultKind.Status"/> and <see cref="FaultKind.LostAcknowledgement"/> (default 500), a 3xx for <see cref="FaultKind.Redirect"/>.</summary>
    public int Status { get; set; } = 500;

    /// <summary>
    /// The Twilio error code of the body for <see cref="FaultKind.Status"/> and <see cref="FaultKind.LostAcknowledgement"/>
    /// (e.g. 520042, 520047); null pairs the status with its usual code (404 → 20404 ...).
    /// </summary>
    public int? Code { get; set; }

    /// <summary>The error body's message with <see cref="Code"/>; null for a generic one.</summary>
    public string? Message { get; set; }

    /// <summary>Retry-After seconds to send with the error; null sends the default for 429/503 only.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Delay for <see cref="FaultKind.Delay"/>; for a hanging lost acknowledgement, how long to hang before aborting.</summary>
    public int DelayMs { get; set; } = 30_000;

    /// <summary>Redirect only: the absolute URL of the <c>Location</c> header.</summary>
    public string? Location { get; set; }

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
        if (Kind == FaultKind.Redirect)
        {
            if (Status is < 300 or > 399) return "status must be 3xx for a Redirect";
            if (!Uri.TryCreate(Location, UriKind.Absolute, out _)) return "location must be an absolute URL for a Redirect";
        }
        else if (Status is < 400 or > 599) return "status must be 4xx or 5xx";
        if (DelayMs < 0) return "delayMs must be >= 0";
        if (Code is < 100 or > 999999) return "code must be between 100 and 999999";
        return null;
    }
}
