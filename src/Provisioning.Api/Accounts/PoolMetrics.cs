using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Provisioning.Api.Infrastructure.Telemetry;

namespace Provisioning.Api.Accounts;

/// <summary>
/// Account pool instruments on the service's meter, for dashboards and alerts on the subaccount ceilings: each parent
/// has its own, so every measurement carries the parent's name (tag <c>parent</c>); and the slots of every account
/// (tag <c>account</c>), as <see cref="PoolSlotsSnapshot"/> last read them.
/// </summary>
public sealed class PoolMetrics
{
    public const string MeterName = "Provisioning";
    public const string ParentTag = "parent";

    private readonly Counter<long> _ceilingWarnings;
    private readonly Counter<long> _subaccountsCreated;
    private readonly Counter<long> _subaccountsClosed;
    private readonly ConcurrentDictionary<string, int> _subaccounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _ceilings = new(StringComparer.Ordinal);
    private readonly bool _accountSidLabels;
    private volatile IReadOnlyList<AccountSlots> _slots = [];

    public PoolMetrics(IMeterFactory meters, IOptions<TelemetryOptions> telemetry)
    {
        _accountSidLabels = telemetry.Value.AccountSidLabels;
        var meter = meters.Create(MeterName);
        _ceilingWarnings = meter.CreateCounter<long>("provisioning.pool.ceiling_warnings", description:
            "Times a parent's subaccounts grew past the warning share of its ceiling.");
        _subaccountsCreated = meter.CreateCounter<long>("provisioning.pool.subaccounts_added", description:
            "Subaccounts added to the pool (created, or adopted after a lost reply).");
        _subaccountsClosed = meter.CreateCounter<long>("provisioning.pool.subaccounts_closed", description:
            "Empty subaccounts closed (AccountPool:CloseEmptySubaccountsAfter).");
        meter.CreateObservableGauge("provisioning.pool.subaccounts", () => Observe(_subaccounts), description:
            "Subaccounts a parent owns in the pool (closed ones not counted), as last seen when the pool grew or shrank.");
        meter.CreateObservableGauge("provisioning.pool.subaccount_ceiling", () => Observe(_ceilings), description:
            "Subaccounts a parent may own (Twilio:MaxSubaccounts, Twilio:Parents:N:MaxSubaccounts).");
        meter.CreateObservableGauge("provisioning.pool.slots_used", () => PerAccount(a => a.Used), "{slot}",
            "Store slots used per account (ours and foreign), or in the whole pool without account labels.");
        meter.CreateObservableGauge("provisioning.pool.slots_capacity", () => PerAccount(a => a.Capacity), "{slot}",
            "Store slots per account, or in the whole pool without account labels.");
    }

    public void RecordSubaccountAdded(string parent, int subaccounts, int ceiling, bool nearCeiling)
    {
        var tag = new KeyValuePair<string, object?>(ParentTag, parent);
        _subaccountsCreated.Add(1, tag);
        if (nearCeiling) _ceilingWarnings.Add(1, tag);
        _subaccounts[parent] = subaccounts;
        _ceilings[parent] = ceiling;
    }

    public void RecordSubaccountClosed(string parent, int subaccounts)
    {
        _subaccountsClosed.Add(1, new KeyValuePair<string, object?>(ParentTag, parent));
        _subaccounts[parent] = subaccounts;
    }

    /// <summary>The slot gauges report these from now on (<see cref="PoolSlotsSnapshot"/> refreshes them from PostgreSQL).</summary>
    public void PublishSlots(IReadOnlyList<AccountSlots> accounts) => _slots = accounts;

    /// <summary>One measurement per account labelled with its SID, or (Telemetry:AccountSidLabels=false) one for the pool.</summary>
    private IEnumerable<Measurement<int>> PerAccount(Func<AccountSlots, int> value)
    {
        var accounts = _slots;
        if (_accountSidLabels) return accounts.Select(a => new Measurement<int>(value(a), new KeyValuePair<string, object?>("account", a.Sid)));
        return accounts.Count == 0 ? [] : [new Measurement<int>(accounts.Sum(value))];
    }

    private static IEnumerable<Measurement<int>> Observe(ConcurrentDictionary<string, int> values) =>
        values.Select(v => new Measurement<int>(v.Value, new KeyValuePair<string, object?>(ParentTag, v.Key)));
}
