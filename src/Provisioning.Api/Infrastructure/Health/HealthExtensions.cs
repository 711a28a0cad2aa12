using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Provisioning.Api.Infrastructure.Health;

public static class HealthExtensions
{
    /// <summary>
    /// The tag of the checks <c>/health/ready</c> reports. A feature adds its own check with this tag from its
    /// <c>AddX()</c> (Twilio's reachability, only ever Degraded); Infrastructure knows no feature.
    /// </summary>
    public const string ReadyTag = "ready";

    /// <summary>Ready = PostgreSQL and Hangfire's storage answer (and whatever features add with <see cref="ReadyTag"/>).</summary>
    public static IServiceCollection AddProvisioningHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<HangfireStorageHealthCheck>("hangfire", tags: [ReadyTag]);
        return services;
    }

    public static WebApplication MapProvisioningHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteJsonAsync })
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
