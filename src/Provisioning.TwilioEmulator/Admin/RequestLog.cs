using Provisioning.TwilioEmulator.Accounts;

namespace Provisioning.TwilioEmulator.Admin;

/// <summary>One Twilio API request as the emulator saw it, for tests to assert on.</summary>
public sealed record LoggedRequest(
    long Sequence,
    DateTimeOffset Time,
    string Method,
    string Path,
    string Query,
    string? AccountSid,
    string? CredentialSid,
    int Status,
    string? Body,
    string? IdempotencyKey);

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

/// <summary>Outermost middleware: records the final status, including injected faults and 401s.</summary>
public sealed class RequestLogMiddleware(RequestDelegate next, RequestLog log, TimeProvider time)
{
    private const int MaxLoggedBodyChars = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (EmulatorPaths.IsAdmin(request.Path))
        {
            await next(context);
            return;
        }

        var sequence = log.NextSequence();
        var received = time.GetUtcNow();
        string? body = null;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            // Buffer so the endpoint can still read the body after we did.
            request.EnableBuffering();
            using var reader = new StreamReader(request.Body, leaveOpen: true);
            var text = await reader.ReadToEndAsync(context.RequestAborted);
            request.Body.Position = 0;
            body = text.Length > MaxLoggedBodyChars ? text[..MaxLoggedBodyChars] : text;
        }

        try
        {
            await next(context);
        }
        finally
        {
            var caller = BasicAuthenticationMiddleware.FindCaller(context);
            log.Add(new LoggedRequest(
                sequence,
                received,
                request.Method,
                request.Path.Value ?? "",
                request.QueryString.Value ?? "",
                caller?.AccountSid,
                caller?.CredentialSid,
                context.Response.StatusCode,
                body,
                request.Headers["Idempotency-Key"].FirstOrDefault()));
        }
    }
}
