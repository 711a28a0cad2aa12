using System.Diagnostics.Metrics;
using Provisioning.Api.Infrastructure.Telemetry;

namespace Provisioning.Api.Tenants;

/// <summary>Gauges <c>provisioning.tenants</c> (tag <c>status</c>) and <c>provisioning.tenant_runs.overdue</c>, as <see cref="TenantStatusSnapshot"/> last counted them.</summary>
public sealed class TenantStatusMetrics
{
    private volatile IReadOnlyDictionary<string, long> _tenantsByStatus = new Dictionary<string, long>();
    private long _overdueRuns;

    public TenantStatusMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ProvisioningMetrics.MeterName);
        meter.CreateObservableGauge("provisioning.tenants", () => _tenantsByStatus
            .Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("status", p.Key))), "{tenant}", "Tenants by status.");
        meter.CreateObservableGauge("provisioning.tenant_runs.overdue", () => Interlocked.Read(ref _overdueRuns), "{tenant}",
            "Tenants whose run has been due for over a minute with no live worker holding it.");
    }

    public void Publish(IReadOnlyDictionary<string, long> tenantsByStatus, long overdueRuns)
    {
        _tenantsByStatus = tenantsByStatus;
        Interlocked.Exchange(ref _overdueRuns, overdueRuns);
    }
}
