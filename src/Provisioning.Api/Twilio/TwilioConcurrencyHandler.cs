namespace Provisioning.Api.Twilio;

/// <summary>
/// Holds a <see cref="TwilioConcurrencyLimiter"/> permit for the whole call, retries included: it sits outside the
/// resilience handler, so waiting for a permit never eats into an attempt's timeout (a write that never left must
/// not look like one whose answer was lost).
/// </summary>
public sealed class TwilioConcurrencyHandler(TwilioConcurrencyLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(TwilioConcurrencyLimiter.AccountSid, out var accountSid))
            return await base.SendAsync(request, cancellationToken);
        using var lease = await limiter.AcquireAsync(accountSid, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
