using System.Diagnostics.Metrics;
using Provisioning.Api.Infrastructure.Telemetry;

namespace Provisioning.Api.Gateway;

/// <summary>Per-tenant gateway instruments, on the service's meter: requests, latency and bytes, by route; and how often the signing keys were reloaded.</summary>
public sealed class GatewayMetrics
{
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _signingKeyReloads;

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ProvisioningMetrics.MeterName);
        _requests = meter.CreateCounter<long>("provisioning.gateway.requests", "{request}",
            "Memory gateway requests, by tenant, route, method and status (an error is any status of 400 or more).");
        _duration = meter.CreateHistogram<double>("provisioning.gateway.request.duration", "s",
            "Memory gateway request time, Twilio's included, by tenant and route.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _bytes = meter.CreateCounter<long>("provisioning.gateway.bytes", "By",
            "Bytes of request and response bodies through the memory gateway, by tenant and direction.");
        _signingKeyReloads = meter.CreateCounter<long>("provisioning.gateway.signing_key_reloads", "{reload}",
            "Reads of the token signing keys from PostgreSQL, by reason (refresh: the interval passed; unknown_key: a token named a key not loaded; rotation: a key was made here).");
    }

    public const string ReloadForRefresh = "refresh";
    public const string ReloadForUnknownKey = "unknown_key";
    public const string ReloadForRotation = "rotation";

    public void RecordSigningKeyReload(string reason) => _signingKeyReloads.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Record(string clientId, string route, string method, int status, TimeSpan duration, long requestBytes, long responseBytes)
    {
        var tenant = new KeyValuePair<string, object?>("tenant", clientId);
        var routeTag = new KeyValuePair<string, object?>("route", route);
        _requests.Add(1, tenant, routeTag, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("status", status),
            new KeyValuePair<string, object?>("error", status >= 400));
        _duration.Record(duration.TotalSeconds, tenant, routeTag);
        _bytes.Add(requestBytes, tenant, new KeyValuePair<string, object?>("direction", "request"));
        _bytes.Add(responseBytes, tenant, new KeyValuePair<string, object?>("direction", "response"));
    }
}
