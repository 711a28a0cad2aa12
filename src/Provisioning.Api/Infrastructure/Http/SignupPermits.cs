using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Provisioning.Api.Infrastructure.Http;

/// <summary>
/// The per-key signup budget (<c>RateLimits:SignupsPerMinute</c>), shared by single and batch signups: a batch draws one
/// permit per item, all of them or none, so a batch signs up no more clients a minute than single signups could.
/// ASP.NET Core's limiter middleware takes one permit per request, before the body is read; this budget is its own
/// fixed window per key instead, drawn by an endpoint filter once the body says how many signups it holds.
/// </summary>
public sealed class SignupPermits : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly int _perMinute;
    private readonly PartitionedRateLimiter<string> _limiter;

    public SignupPermits(IOptions<RateLimitsOptions> options)
    {
        _perMinute = options.Value.SignupsPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = _perMinute,
            Window = Window,
            QueueLimit = 0,
        }));
    }

    /// <summary>Takes <paramref name="count"/> permits of the caller's key, or none: null when taken, else the 429 to answer.</summary>
    public IResult? TryTake(ClaimsPrincipal caller, int count, HttpResponse response)
    {
        // More than a window holds can never be granted (and the limiter would throw): say so rather than "later".
        if (count > _perMinute)
            return Refusal(response, Window, $"{count} signups exceed this API key's budget of {_perMinute} a minute (RateLimits:SignupsPerMinute); "
                                             + $"send at most {_perMinute} at once. Nothing was recorded.");

        using var lease = _limiter.AttemptAcquire(caller.Identity?.Name ?? "anonymous", count);
        if (lease.IsAcquired) return null;
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
        return Refusal(response, retryAfter, $"{count} signups would exceed this API key's budget of {_perMinute} a minute (RateLimits:SignupsPerMinute); "
                                             + "retry after the time in Retry-After. Nothing was recorded.");
    }

    private static IResult Refusal(HttpResponse response, TimeSpan retryAfter, string detail)
    {
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests");
    }

    public void Dispose() => _limiter.Dispose();
}
