
namespace Provisioning.Api.Infrastructure.Telemetry;

public sealed record MetricsSnapshot(IReadOnlyDictionary<string, long> TenantsByStatus, IReadOnlyList<AccountSlots> Accounts)
{
    public static readonly MetricsSnapshot Empty = new(new Dictionary<string, long>(), []);
}
