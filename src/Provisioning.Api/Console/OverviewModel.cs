using Provisioning.Api.Accounts;
using Provisioning.Api.Reconciliation;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Console;

/// <summary>Everything the overview page shows, read in one go.</summary>
public sealed record OverviewModel(
    IReadOnlyDictionary<TenantStatus, int> TenantsByStatus,
    IReadOnlyList<HourlyActivity> Hours,
    AccountPoolView Pool,
    CeilingForecast Forecast,
    IReadOnlyList<ParentForecast> Parents,
    RunView? LatestRun,
    int OpenFindings,
    IReadOnlyList<AttentionTenant> Attention,
    int AttentionTotal);
