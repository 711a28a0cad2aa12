using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Provisioning.Api.Webhooks;

/// <summary>
/// A circuit breaker per tenant receiver host (host and port), in each worker process. After Webhooks:BreakerFailures
/// attempts in a row that got no answer (no connection, or none in time), the host's circuit is open for
/// Webhooks:BreakerCooldown: its deliveries are deferred to the end of it without an attempt, holding no worker, instead of
/// each taking a worker for a timeout. Then one attempt tries the host (the others stay deferred another cool-down); an
/// answer of any status closes the circuit, no answer opens it again. The operator's receiver has no breaker: it has a
/// queue of its own.
/// </summary>
public sealed class ReceiverCircuitBreaker(IOptions<WebhookOptions> options)
{
    private readonly ConcurrentDictionary<string, HostCircuit> _hosts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The breaker's key of a receiver URL: its host and port.</summary>
    public static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.IdnHost}:{uri.Port}" : url;

    /// <summary>Until when an attempt to <paramref name="host"/> must wait, or null when it may go now (the trial attempt, after a cool-down).</summary>
    public DateTimeOffset? DeferralFor(string host, DateTimeOffset now)
    {
        if (!_hosts.TryGetValue(host, out var circuit)) return null;
        lock (circuit)
        {
            if (circuit.OpenUntil is not { } until) return null;
            if (until > now) return until;
            // This attempt is the trial; whoever comes next waits for another cool-down unless the trial is answered.
            circuit.OpenUntil = now + options.Value.BreakerCooldown;
            return null;
        }
    }

    /// <summary>Consecutive attempts to <paramref name="host"/> that got no answer.</summary>
    public int FailuresOf(string host) => _hosts.TryGetValue(host, out var circuit) ? circuit.Failures : 0;

    /// <summary>An attempt to <paramref name="host"/> got an answer (<paramref name="answered"/>, whatever its status) or none.</summary>
    public void Record(string host, bool answered, DateTimeOffset now)
    {
        if (answered)
        {
            // Healthy hosts keep no state: the map holds only hosts that are failing.
            _hosts.TryRemove(host, out _);
            return;
        }
        var circuit = _hosts.GetOrAdd(host, _ => new HostCircuit());
        lock (circuit)
        {
            circuit.Failures++;
            if (circuit.Failures >= options.Value.BreakerFailures) circuit.OpenUntil = now + options.Value.BreakerCooldown;
        }
    }

    private sealed class HostCircuit
    {
        public int Failures;
        public DateTimeOffset? OpenUntil;
    }
}
