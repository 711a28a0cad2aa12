using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;

namespace Provisioning.Api.Infrastructure.Telemetry;

/// <summary>The service's own instruments, on meter <c>Provisioning</c> (exported with ASP.NET Core, HttpClient and Npgsql).</summary>
public sealed class ProvisioningMetrics
{
    public const string MeterName = "Provisioning";

    private readonly Counter<long> _twilioCalls;
    private readonly Counter<long> _twilioRetries;
    private readonly Histogram<double> _signupToReady;
    private readonly Counter<long> _findings;
    private volatile MetricsSnapshot _snapshot = MetricsSnapshot.Empty;

    private readonly bool _accountSidLabels;

    public ProvisioningMetrics(IMeterFactory meters, IOptions<TelemetryOptions> options)
    {
        _accountSidLabels = options.Value.AccountSidLabels;
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
        meter.CreateObservableGauge("provisioning.tenants", () => _snapshot.TenantsByStatus
            .Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("status", p.Key))), "{tenant}", "Tenants by status.");
        meter.CreateObservableGauge("provisioning.pool.slots_used", () => PerAccount(a => a.Used), "{slot}",
            "Store slots used per account (ours and foreign), or in the whole pool without account labels.");
        meter.CreateObservableGauge("provisioning.pool.slots_capacity", () => PerAccount(a => a.Capacity), "{slot}",
            "Store slots per account, or in the whole pool without account labels.");
    }

    public void RecordTwilioCall(string endpoint, string method, string outcome) =>
        _twilioCalls.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("method", method),
            new KeyValuePair<string, object?>("outcome", outcome));

    public void RecordTwilioRetry() => _twilioRetries.Add(1);

    public void RecordSignupToReady(TimeSpan duration) => _signupToReady.Record(duration.TotalSeconds);

    public void RecordFinding(string kind) => _findings.Add(1, new KeyValuePair<string, object?>("kind", kind));

    /// <summary>One measurement per account labelled with its SID, or (Telemetry:AccountSidLabels=false) one for the pool.</summary>
    private IEnumerable<Measurement<int>> PerAccount(Func<AccountSlots, int> value)
    {
        var accounts = _snapshot.Accounts;
        if (_accountSidLabels) return accounts.Select(a => new Measurement<int>(value(a), new KeyValuePair<string, object?>("account", a.Sid)));
        return accounts.Count == 0 ? [] : [new Measurement<int>(accounts.Sum(value))];
    }

    /// <summary>Gauges read the last snapshot; <see cref="MetricsSnapshotService"/> refreshes it from PostgreSQL.</summary>
    public void Publish(MetricsSnapshot snapshot) => _snapshot = snapshot;
}
