using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Provisioning.Api.Infrastructure.Health;

/// <summary>Hangfire's storage (its schema in PostgreSQL) answers: jobs can be queued and fetched.</summary>
public sealed class HangfireStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            _ = storage.GetMonitoringApi().Servers().Count;
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Hangfire storage is unreachable.", e));
        }
    }
}
