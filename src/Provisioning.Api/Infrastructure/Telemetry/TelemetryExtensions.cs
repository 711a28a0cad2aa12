using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Provisioning.Api.Infrastructure.Telemetry;

public static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>OpenTelemetry traces and metrics for ASP.NET Core, HttpClient, Npgsql and the service's own meter.</summary>
    public static IServiceCollection AddProvisioningTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>()
            .Bind(configuration.GetSection(TelemetryOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = Options(configuration);

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

    /// <summary>
    /// With Telemetry:MetricsPort set (the default), Kestrel listens on that port too: the URLs the host was given (ASPNETCORE_URLS,
    /// --urls, or ASPNETCORE_HTTP_PORTS / HTTPS_PORTS, else Kestrel's default) plus <c>http://*:port</c>. Endpoints
    /// configured under Kestrel:Endpoints replace all of these; add the metrics port there then.
    /// </summary>
    public static IWebHostBuilder ListenOnMetricsPort(this IWebHostBuilder webHost, IConfiguration configuration)
    {
        if (Options(configuration).MetricsPort is not { } port) return webHost;
        var urls = webHost.GetSetting(WebHostDefaults.ServerUrlsKey);
        if (string.IsNullOrWhiteSpace(urls)) urls = UrlsOfPorts(webHost) ?? "http://localhost:5000";
        return webHost.UseUrls($"{urls};http://*:{port}");
    }

    /// <summary>The port gate (<see cref="MetricsPortGate"/>), first in the pipeline so that nothing else answers on the metrics port.</summary>
    public static WebApplication UseMetricsPort(this WebApplication app)
    {
        if (Options(app.Configuration).MetricsPort is { } port) app.UseMiddleware<MetricsPortGate>(port);
        return app;
    }

    public static WebApplication MapProvisioningMetrics(this WebApplication app)
    {
        if (Options(app.Configuration).PrometheusEnabled)
            app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
        return app;
    }

    private static TelemetryOptions Options(IConfiguration configuration) =>
        configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();

    /// <summary>ASP.NET Core's port settings as URLs, when the host is given ports rather than URLs (the container image's ASPNETCORE_HTTP_PORTS).</summary>
    private static string? UrlsOfPorts(IWebHostBuilder webHost)
    {
        static IEnumerable<string> Urls(string? ports, string scheme) =>
            (ports ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"{scheme}://*:{p}");
        var urls = Urls(webHost.GetSetting(WebHostDefaults.HttpPortsKey), "http").Concat(Urls(webHost.GetSetting(WebHostDefaults.HttpsPortsKey), "https")).ToList();
        return urls.Count == 0 ? null : string.Join(';', urls);
    }
}
