using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Infrastructure.Health;

public static class HealthExtensions
{
    private const string Ready = "ready";

    /// <summary>
    /// Ready = PostgreSQL and Hangfire's storage answer. Twilio's reachability is reported too, but only ever
    /// as Degraded: an outage at Twilio must not take the service out of rotation (signups are still recorded).
    /// </summary>
    public static IServiceCollection AddProvisioningHealthChecks(this IServiceCollection services)
    {
        services.AddHttpClient(TwilioReachabilityCheck.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(3));
        services.AddSingleton<TwilioReachabilityCheck>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<HangfireStorageHealthCheck>("hangfire", tags: [Ready])
            .AddCheck<TwilioReachabilityCheck>("twilio", failureStatus: HealthStatus.Degraded, tags: [Ready]);
        return services;
    }

    public static WebApplication MapProvisioningHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteJsonAsync })
            .AllowAnonymous();
        return app;
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}

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

/// <summary>
/// Any HTTP answer from Twilio's Memory host counts as reachable (even a 401: this sends no credentials, so it
/// costs no API call). The result is kept 30 s so that frequent probes do not become traffic.
/// </summary>
public sealed class TwilioReachabilityCheck(IHttpClientFactory httpClients, IOptions<TwilioOptions> twilio, TimeProvider time) : IHealthCheck
{
    public const string HttpClientName = "twilio-reachability";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private (DateTimeOffset At, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_last is { } last && time.GetUtcNow() - last.At < CacheFor) return last.Result;

        HealthCheckResult result;
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).GetAsync(twilio.Value.MemoryBaseUrl, cancellationToken);
            result = HealthCheckResult.Healthy($"Twilio answered {(int)response.StatusCode}.");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            result = new HealthCheckResult(context.Registration.FailureStatus, "Twilio is unreachable; signups are recorded and wait.", e);
        }
        _last = (time.GetUtcNow(), result);
        return result;
    }
}
