using Hangfire.Common;

namespace Provisioning.Api.Infrastructure.Jobs;

/// <summary>A recurring job a feature declares (<see cref="HangfireServiceCollectionExtensions.AddRecurringJob{TJob}"/>).</summary>
public sealed record RecurringJobDefinition(string Id, Job Job, Func<IServiceProvider, string> Cron);
