using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Provisioning.Api.Infrastructure.Auth;

/// <summary>
/// Wrong API keys per client address (<c>X-Api-Key</c> and the console's sign-in share one budget): a fixed window
/// of <see cref="FailedAuthenticationOptions.FailedAuthenticationsPerMinute"/> failures; once it is spent, every key
/// that address presents is refused with a 429 before it is compared, a right one too, so that guessing on cannot
/// tell a hit from a miss. Successes cost nothing. IPv6 clients are counted per /64 (one host usually holds a whole
/// /64). A request without a remote address (an in-process test server) is not counted.
/// </summary>
public sealed class FailedAuthenticationLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public FailedAuthenticationLimiter(IOptions<FailedAuthenticationOptions> options)
    {
        var permits = options.Value.FailedAuthenticationsPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
    }

    /// <summary>Whether the caller's address has spent its failures; if so, how long until it may try again.</summary>
    public bool IsRefused(HttpContext context, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (PartitionOf(context) is not { } partition) return false;
        // Zero permits: asks whether any are left without spending one.
        using var lease = _limiter.AttemptAcquire(partition, 0);
        if (lease.IsAcquired) return false;
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return true;
    }

    /// <summary>Counts one wrong key against the caller's address.</summary>
    public void RecordFailure(HttpContext context)
    {
        if (PartitionOf(context) is { } partition) _limiter.AttemptAcquire(partition).Dispose();
    }

    /// <summary>The 429 problem with Retry-After, as every limit of the service answers.</summary>
    public static async Task WriteRefusalAsync(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = RetryAfterSeconds(retryAfter);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests, Title = "Too many failed authentications",
                Detail = "Too many wrong API keys from this address; retry after the time in Retry-After.",
            },
        });
    }

    public static string RetryAfterSeconds(TimeSpan retryAfter) =>
        Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static string? PartitionOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null) return null;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    public void Dispose() => _limiter.Dispose();
}
