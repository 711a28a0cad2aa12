using Hangfire;
using Provisioning.Api.Offboarding;
using Provisioning.Api.Onboarding;

namespace Provisioning.Api.Tenants;

/// <summary>
/// The one place that queues a tenant's sagas. Enqueue only after the change that calls for the run is
/// committed: a saga reads the tenant afresh, and one that finds nothing to do ends at once.
/// </summary>
public sealed class TenantJobs(IBackgroundJobClient jobs)
{
    /// <summary>The tenant's onboarding, on any worker process: its <see cref="OnboardingRuns"/> runs the saga.</summary>
    public string EnqueueOnboarding(Guid tenantId) =>
        jobs.Enqueue<OnboardingRuns>(runs => runs.Start(tenantId));

    public string ScheduleOnboarding(Guid tenantId, TimeSpan delay) => delay <= TimeSpan.Zero
        ? EnqueueOnboarding(tenantId)
        : jobs.Schedule<OnboardingRuns>(runs => runs.Start(tenantId), delay);

    public string EnqueueOffboarding(Guid tenantId) =>
        jobs.Enqueue<TenantOffboardingSaga>(saga => saga.RunAsync(tenantId, CancellationToken.None));

    public string ScheduleOffboarding(Guid tenantId, DateTimeOffset dueAt) =>
        jobs.Schedule<TenantOffboardingSaga>(saga => saga.RunAsync(tenantId, CancellationToken.None), dueAt);

    public string ScheduleOffboarding(Guid tenantId, TimeSpan delay) =>
        jobs.Schedule<TenantOffboardingSaga>(saga => saga.RunAsync(tenantId, CancellationToken.None), delay);
}
