using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Provisioning.Api.Twilio;

/// <summary>
/// Twilio limits the requests one account may have in flight; this process keeps below
/// <see cref="TwilioOptions.MaxConcurrentRequestsPerAccount"/> per account and <see cref="TwilioOptions.MaxConcurrentRequests"/>
/// in all, so that a burst queues here (in order) instead of drawing 429s. ASP.NET Core's own concurrency limiters,
/// one partition per account, chained with a global one.
/// </summary>
public sealed class TwilioConcurrencyLimiter : IDisposable
{
    /// <summary>The account a Twilio request acts on, set by the typed clients.</summary>
    public static readonly HttpRequestOptionsKey<string> AccountSid = new("Provisioning.Twilio.AccountSid");

    private readonly PartitionedRateLimiter<string> _perAccount;
    private readonly PartitionedRateLimiter<string> _global;
    private readonly PartitionedRateLimiter<string> _chained;

    public TwilioConcurrencyLimiter(IOptions<TwilioOptions> options)
    {
        var twilio = options.Value;
        _perAccount = PartitionedRateLimiter.Create<string, string>(account =>
            RateLimitPartition.GetConcurrencyLimiter(account, _ => Queued(twilio.MaxConcurrentRequestsPerAccount)));
        _global = PartitionedRateLimiter.Create<string, string>(_ =>
            RateLimitPartition.GetConcurrencyLimiter("all", _ => Queued(twilio.MaxConcurrentRequests)));
        _chained = PartitionedRateLimiter.CreateChained(_perAccount, _global);
    }

    /// <summary>A permit to send one request for <paramref name="accountSid"/>; waits its turn.</summary>
    public ValueTask<RateLimitLease> AcquireAsync(string accountSid, CancellationToken cancellationToken) =>
        _chained.AcquireAsync(accountSid, 1, cancellationToken);

    private static ConcurrencyLimiterOptions Queued(int permits) => new()
    {
        PermitLimit = permits,
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    };

    public void Dispose()
    {
        _chained.Dispose();
        _perAccount.Dispose();
        _global.Dispose();
    }
}
