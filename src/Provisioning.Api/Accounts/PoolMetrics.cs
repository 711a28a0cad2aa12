using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Provisioning.Api.Accounts;

/// <summary>
/// Account pool instruments on the service's meter, for dashboards and alerts on the subaccount ceilings: each parent
/// has its own, so every measurement carries the parent's name (tag <c>parent</c>).
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

    public PoolMetrics(IMeterFactory meters)
    {
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

    private static IEnumerable<Measurement<int>> Observe(ConcurrentDictionary<string, int> values) =>
        values.Select(v => new Measurement<int>(v.Value, new KeyValuePair<string, object?>(ParentTag, v.Key)));
}
