using System.Diagnostics.Metrics;

namespace Provisioning.Api.Infrastructure.Telemetry;

/// <summary>
/// The service's own instruments, on meter <c>Provisioning</c> (exported with ASP.NET Core, HttpClient and Npgsql).
/// Features add instruments of their own to the same meter (the gauges read from PostgreSQL among them:
/// <see cref="IMetricsSnapshotSource"/>).
/// </summary>
public sealed class ProvisioningMetrics
{
    public const string MeterName = "Provisioning";

    private readonly Counter<long> _twilioCalls;
    private readonly Counter<long> _twilioRetries;
    private readonly Histogram<double> _signupToReady;
    private readonly Counter<long> _findings;

    public ProvisioningMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _twilioCalls = meter.CreateCounter<long>("provisioning.twilio.calls", "{call}",
            "HTTP requests to Twilio, each attempt, by endpoint, method and outcome (2xx, 4xx, 429, 5xx, error).");
        _twilioRetries = meter.CreateCounter<long>("provisioning.twilio.retries", "{retry}",
            "Twilio calls retried by the resilience layer.");
        _signupToReady = meter.CreateHistogram<double>("provisioning.tenant.signup_to_ready", "s",
            "Time from signup to Ready, per tenant.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120, 300, 900] });
        _findings = meter.CreateCounter<long>("provisioning.reconciliation.findings", "{finding}",
            "Reconciliation findings, by kind.");
    }

    public void RecordTwilioCall(string endpoint, string method, string outcome) =>
        _twilioCalls.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("method", method),
            new KeyValuePair<string, object?>("outcome", outcome));

    public void RecordTwilioRetry() => _twilioRetries.Add(1);

    public void RecordSignupToReady(TimeSpan duration) => _signupToReady.Record(duration.TotalSeconds);

    public void RecordFinding(string kind) => _findings.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
