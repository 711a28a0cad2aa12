using Hangfire.Server;

namespace Provisioning.Api.Infrastructure.Jobs;

/// <summary>Puts the Hangfire job id (and job name) in the log scope of everything a job logs.</summary>
public sealed class JobLogScopeFilter(ILoggerFactory loggers) : IServerFilter
{
    private const string ScopeKey = "Provisioning.LogScope";
    private readonly ILogger _logger = loggers.CreateLogger("Provisioning.Jobs");

    public void OnPerforming(PerformingContext context) =>
        context.Items[ScopeKey] = _logger.BeginScope(new Dictionary<string, object>
        {
            ["JobId"] = context.BackgroundJob.Id,
            ["Job"] = $"{context.BackgroundJob.Job.Type.Name}.{context.BackgroundJob.Job.Method.Name}",
        });

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(ScopeKey, out var scope)) (scope as IDisposable)?.Dispose();
    }
}
