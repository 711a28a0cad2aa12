using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Provisioning.Api.Twilio;

/// <summary>
/// Health check <c>twilio</c> (registered by <see cref="TwilioServiceCollectionExtensions.AddTwilio"/>, only ever
/// Degraded: an outage at Twilio must not take the service out of rotation, signups are still recorded). Any HTTP answer from Twilio's Memory host counts as reachable (even a 401: this sends no credentials, so it
/// costs no API call). The result is kept 30 s so that frequent probes do not become traffic.
/// </summary>
public sealed class TwilioReachabilityCheck(IHttpClientFactory httpClients, IOptions<TwilioOptions> twilio, TimeProvider time) : IHealthCheck
{
    public const string HttpClientName = "twilio-reachability";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private (DateTimeOffset At, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_last is { } last && time.GetUtcNow() - last.At < CacheFor) return last.Result;

        HealthCheckResult result;
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).GetAsync(twilio.Value.MemoryBaseUrl, cancellationToken);
            result = HealthCheckResult.Healthy($"Twilio answered {(int)response.StatusCode}.");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            result = new HealthCheckResult(context.Registration.FailureStatus, "Twilio is unreachable; signups are recorded and wait.", e);
        }
        _last = (time.GetUtcNow(), result);
        return result;
    }
}
