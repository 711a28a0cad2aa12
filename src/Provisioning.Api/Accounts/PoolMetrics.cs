using System.Diagnostics.Metrics;

namespace Provisioning.Api.Accounts;

/// <summary>Account pool instruments on the service's meter, for dashboards and alerts on the subaccount ceiling.</summary>
public sealed class PoolMetrics
{
    public const string MeterName = "Provisioning";

    private readonly Counter<long> _ceilingWarnings;
    private readonly Counter<long> _subaccountsCreated;
    private readonly Counter<long> _subaccountsClosed;
    private int _subaccounts = -1;
    private int _ceiling = -1;

    public PoolMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _ceilingWarnings = meter.CreateCounter<long>("provisioning.pool.ceiling_warnings", description:
            "Times the pool grew past the warning share of the subaccount ceiling.");
        _subaccountsCreated = meter.CreateCounter<long>("provisioning.pool.subaccounts_added", description:
            "Subaccounts added to the pool (created, or adopted after a lost reply).");
        _subaccountsClosed = meter.CreateCounter<long>("provisioning.pool.subaccounts_closed", description:
            "Empty subaccounts closed (AccountPool:CloseEmptySubaccountsAfter).");
        meter.CreateObservableGauge("provisioning.pool.subaccounts", ObserveSubaccounts, description:
            "Subaccounts in the pool (closed ones not counted), as last seen when the pool grew or shrank.");
        meter.CreateObservableGauge("provisioning.pool.subaccount_ceiling", ObserveCeiling, description:
            "Subaccounts the parent may own (Twilio:MaxSubaccounts).");
    }

    public void RecordSubaccountAdded(int subaccounts, int ceiling, bool nearCeiling)
    {
        _subaccountsCreated.Add(1);
        if (nearCeiling) _ceilingWarnings.Add(1);
        Volatile.Write(ref _subaccounts, subaccounts);
        Volatile.Write(ref _ceiling, ceiling);
    }

    public void RecordSubaccountClosed(int subaccounts)
    {
        _subaccountsClosed.Add(1);
        Volatile.Write(ref _subaccounts, subaccounts);
    }

    private IEnumerable<Measurement<int>> ObserveSubaccounts() =>
        Volatile.Read(ref _subaccounts) is var n and >= 0 ? [new Measurement<int>(n)] : [];

    private IEnumerable<Measurement<int>> ObserveCeiling() =>
        Volatile.Read(ref _ceiling) is var n and >= 0 ? [new Measurement<int>(n)] : [];
}
