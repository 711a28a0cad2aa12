namespace Provisioning.Api.Infrastructure.Jobs;

/// <summary>
/// A recurring job an earlier version registered and this one no longer has: removed from Hangfire's storage at start,
/// so an upgraded deployment does not keep triggering a job whose type is gone.
/// </summary>
public sealed record RetiredRecurringJob(string Id);
