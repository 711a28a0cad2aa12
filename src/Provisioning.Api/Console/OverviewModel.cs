using Provisioning.Api.Tenants;

namespace Provisioning.Api.Console;

/// <summary>
/// Everything the overview page shows, read in one go. <see cref="Pool"/> and <see cref="Drift"/> are the API's
/// Admin data (<c>GET /v1/accounts</c>, <c>GET /v1/reconciliations</c>): null for a ControlPlane session.
/// </summary>
public sealed record OverviewModel(
    IReadOnlyDictionary<TenantStatus, int> TenantsByStatus,
    IReadOnlyList<HourlyActivity> Hours,
    PoolOverview? Pool,
    DriftOverview? Drift,
    IReadOnlyList<AttentionTenant> Attention,
    int AttentionTotal);
