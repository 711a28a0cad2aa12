using Provisioning.Api.Accounts;

namespace Provisioning.Api.Console;

/// <summary>The overview's pool: the accounts as <c>GET /v1/accounts</c> shows them, and when the slots run out.</summary>
public sealed record PoolOverview(AccountPoolView Accounts, CeilingForecast Forecast, IReadOnlyList<ParentForecast> Parents);
