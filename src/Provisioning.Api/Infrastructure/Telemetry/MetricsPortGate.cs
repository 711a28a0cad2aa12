namespace Provisioning.Api.Infrastructure.Telemetry;

/// <summary>
/// With Telemetry:MetricsPort set, the metrics port serves <c>/metrics</c> and nothing else, and no other port serves
/// <c>/metrics</c>: 404 either way. Decided by the port the connection came in on, not by the Host header, which any
/// caller of the public port could set.
/// </summary>
internal sealed class MetricsPortGate(RequestDelegate next, int metricsPort)
{
    public Task InvokeAsync(HttpContext context)
    {
        var onMetricsPort = context.Connection.LocalPort == metricsPort;
        var forMetrics = context.Request.Path.StartsWithSegments(TelemetryExtensions.MetricsPath);
        if (onMetricsPort == forMetrics) return next(context);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
