using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

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
