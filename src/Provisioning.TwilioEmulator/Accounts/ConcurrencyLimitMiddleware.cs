using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Provisioning.TwilioEmulator.Accounts;

/// <summary>
/// Twilio limits how many requests one account may have in flight: past <see cref="EmulatorOptions.MaxConcurrentRequestsPerAccount"/>
/// (off when 0) a request is answered 429 with Retry-After before anything is done. Runs after authentication
/// (the account is the caller's) and before the emulated latency, which counts as time in flight.
/// </summary>
public sealed class ConcurrencyLimitMiddleware(RequestDelegate next, EmulatorSettings settings)
{
    private readonly ConcurrentDictionary<string, StrongBox<int>> _inFlight = new(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        var options = settings.Current;
        if (options.MaxConcurrentRequestsPerAccount <= 0 || EmulatorPaths.IsAdmin(context.Request.Path))
        {
            await next(context);
            return;
        }

        var counter = _inFlight.GetOrAdd(BasicAuthenticationMiddleware.GetCaller(context).AccountSid, _ => new StrongBox<int>());
        if (Interlocked.Increment(ref counter.Value) > options.MaxConcurrentRequestsPerAccount)
        {
            Interlocked.Decrement(ref counter.Value);
            await ApiError.ForStatus(StatusCodes.Status429TooManyRequests, Math.Max(1, options.RetryAfterSeconds)).ExecuteAsync(context);
            return;
        }
        try
        {
            await next(context);
        }
        finally
        {
            Interlocked.Decrement(ref counter.Value);
        }
    }
}
