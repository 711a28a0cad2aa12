using System.Diagnostics.Metrics;
using Provisioning.Api.Infrastructure.Telemetry;

namespace Provisioning.Api.Tenants;

/// <summary>Gauge <c>provisioning.tenants</c> (tag <c>status</c>), as <see cref="TenantStatusSnapshot"/> last counted them.</summary>
public sealed class TenantStatusMetrics
{
    private volatile IReadOnlyDictionary<string, long> _tenantsByStatus = new Dictionary<string, long>();

    public TenantStatusMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ProvisioningMetrics.MeterName);
        meter.CreateObservableGauge("provisioning.tenants", () => _tenantsByStatus
            .Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("status", p.Key))), "{tenant}", "Tenants by status.");
    }

    public void Publish(IReadOnlyDictionary<string, long> tenantsByStatus) => _tenantsByStatus = tenantsByStatus;
}
