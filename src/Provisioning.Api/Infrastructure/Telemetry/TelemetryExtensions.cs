using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Provisioning.Api.Infrastructure.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>OpenTelemetry traces and metrics for ASP.NET Core, HttpClient, Npgsql and the service's own meter.</summary>
    public static IServiceCollection AddProvisioningTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>()
            .Bind(configuration.GetSection(TelemetryOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();

        services.AddSingleton<ProvisioningMetrics>();
        services.AddHostedService<MetricsSnapshotService>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddNpgsql();
                if (options.OtlpEndpoint is { } endpoint) tracing.AddOtlpExporter(o => o.Endpoint = endpoint);
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddNpgsqlInstrumentation()
                    .AddMeter(ProvisioningMetrics.MeterName);
                if (options.PrometheusEnabled) metrics.AddPrometheusExporter();
                if (options.OtlpEndpoint is { } endpoint) metrics.AddOtlpExporter(o => o.Endpoint = endpoint);
            });
        return services;
    }

    public static WebApplication MapProvisioningMetrics(this WebApplication app)
    {
        if (app.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>()?.PrometheusEnabled ?? true)
            app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return app;
    }
}
