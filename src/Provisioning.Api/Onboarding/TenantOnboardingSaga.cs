using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Accounts;
using Provisioning.Api.Data;
using Provisioning.Api.Infrastructure.Telemetry;
using Provisioning.Api.Onboarding.Steps;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Onboarding;

/// <summary>
/// Takes one tenant from signup to Ready (and a Ready tenant to its latest settings), as a loop: the pure
/// <see cref="OnboardingPlanner"/> says what is next from what the tenant has recorded, the step in
/// <see cref="OnboardingSteps"/> does that one Twilio interaction (or wait) and returns a <see cref="StepOutcome"/>,
/// the loop records it and saves, and asks again, until the tenant is Ready or the run must wait, retry or fail.
/// Progress is saved before and after each Twilio call, so a run may die anywhere and the next one resumes
/// without a second store or configuration.
/// </summary>
public sealed partial class TenantOnboardingSaga(
    ProvisioningDbContext db,
    TenantCheckpoint checkpoint,
    AccountCredentials accountCredentials,
    OnboardingSteps steps,
    ProvisioningMetrics metrics,
    TimeProvider time,
    IOptions<ProvisioningOptions> provisioningOptions,
    IOptions<AccountPoolOptions> poolOptions,
    ILogger<TenantOnboardingSaga> logger) : ITenantWork
{
    /// <summary>A tenant whose account turns out to be full is placed again in the same run, this many times at most.</summary>
    private const int MaxPlacementsPerRun = 3;

    /// <summary>
    /// Every step but a wait or a failure records progress the planner sees, so a run takes a handful of steps (a few
    /// more per retired store); past this many, a step recorded nothing, and the run stops rather than spin on it.
    /// </summary>
    private const int MaxStepsPerRun = 200;

    private readonly ProvisioningOptions _options = provisioningOptions.Value;

    public bool Handles(TenantStatus status) => status is TenantStatus.Pending or TenantStatus.Provisioning or TenantStatus.Ready;

    /// <summary>
    /// One run, while the runner holds the tenant's lease. Twilio's failures come back from the steps as outcomes and
    /// are answered here (the run says when to try again, or the tenant is Failed); failures of our own
    /// infrastructure (the database unreachable mid-run) propagate, and the runner makes the tenant due again shortly.
    /// </summary>
    public async Task<RunOutcome> RunAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null || !tenant.BeginOnboardingRun()) return RunOutcome.Done;

        using var _ = logger.BeginScope(new Dictionary<string, object> { ["ClientId"] = tenant.ClientId, ["TenantId"] = tenant.Id });
        await checkpoint.SaveAsync(tenant);

        var run = new OnboardingRun(tenant, checkpoint, accountCredentials);
        // The Twilio calls the steps make are added to the tenant's count however the run ends.
        var calls = TwilioCallCounter.Begin();
        var placements = 1;
        for (var taken = 0; taken < MaxStepsPerRun; taken++)
        {
            var step = OnboardingPlanner.Next(OnboardingSnapshot.Of(tenant));
            if (step.EndsRun)
            {
                tenant.RecordTwilioCalls(calls.Calls);
                return await FinishAsync(tenant);
            }

            var outcome = await RunStepAsync(step, run, cancellationToken);
            if (outcome is StepOutcome.Replace && placements < MaxPlacementsPerRun)
            {
                // The account was full after all (stores made outside the service): the tenant gave its slot back
                // and is placed again, in the same run.
                placements++;
                outcome = StepOutcome.Continue;
            }
            if (outcome is StepOutcome.Continued)
            {
                await checkpoint.SaveAsync(tenant);
                continue;
            }

            tenant.RecordTwilioCalls(calls.Calls);
            return await EndRunAsync(tenant, outcome);
        }
        throw new InvalidOperationException($"Onboarding of tenant '{tenant.ClientId}' took {MaxStepsPerRun} steps without converging; a step records no progress.");
    }

    private async Task<StepOutcome> RunStepAsync(OnboardingStep step, OnboardingRun run, CancellationToken cancellationToken)
    {
        using var _ = run.Tenant.AccountSid is { } accountSid ? logger.BeginScope(new Dictionary<string, object> { ["AccountSid"] = accountSid }) : null;
        return await steps.RunAsync(step, run, cancellationToken);
    }

    /// <summary>Everything converged: a Provisioning tenant is Ready; a Ready one has its settings applied.</summary>
    private async Task<RunOutcome> FinishAsync(Tenant tenant)
    {
        var firstReady = tenant.ReadyAt is null;
        if (tenant.FinishOnboardingRun(time.GetUtcNow()))
        {
            if (firstReady) metrics.RecordSignupToReady(tenant.ReadyAt!.Value - tenant.CreatedAt);
            LogReady(logger, tenant.ClientId, tenant.MemoryStoreId!, tenant.OrchestratorConfigurationId!);
        }
        await checkpoint.SaveAsync(tenant);
        return RunOutcome.Done;
    }

    /// <summary>A step ended the run: its outcome is recorded on the tenant, saved, and says when the next run is due.</summary>
    private async Task<RunOutcome> EndRunAsync(Tenant tenant, StepOutcome outcome)
    {
        switch (outcome)
        {
            case StepOutcome.WaitForCapacity wait:
                // Not a failure of this tenant: it waits, Pending with the reason, and looks again later.
                tenant.WaitForCapacity(wait.Reason);
                await checkpoint.SaveAsync(tenant);
                return RunOutcome.RunAgainAt(time.GetUtcNow() + poolOptions.Value.CapacityRetryInterval);
            case StepOutcome.Retry { SpendsAttempt: false } throttled:
                // Throttling slows the service down; it never fails a tenant.
                tenant.RecordThrottled(throttled.Error);
                await checkpoint.SaveAsync(tenant);
                return RunOutcome.RunAgainAt(time.GetUtcNow() + RetryDelay(1, throttled.RetryAfter));
            case StepOutcome.Retry retry:
                return await RetryLaterOrFailAsync(tenant, retry.Error, retry.RetryAfter);
            case StepOutcome.Replace replace:
                // Placed again too often in one run: retried like any transient failure.
                return await RetryLaterOrFailAsync(tenant, replace.Why, retryAfter: null);
            case StepOutcome.Fail fail:
                tenant.MarkFailed(fail.Error);
                await checkpoint.SaveAsync(tenant);
                LogFailed(logger, tenant.ClientId, fail.Error);
                return RunOutcome.Done;
            default:
                throw new InvalidOperationException($"{outcome} does not end a run.");
        }
    }

    private async Task<RunOutcome> RetryLaterOrFailAsync(Tenant tenant, string error, TimeSpan? retryAfter)
    {
        var attempts = tenant.RecordTransientFailure(error);
        if (attempts >= _options.MaxAttempts)
        {
            tenant.MarkFailed($"Gave up after {attempts} attempts. Last error: {error}");
            await checkpoint.SaveAsync(tenant);
            LogFailed(logger, tenant.ClientId, tenant.LastError!);
            return RunOutcome.Done;
        }

        await checkpoint.SaveAsync(tenant);
        var delay = RetryDelay(attempts, retryAfter);
        LogRetrying(logger, tenant.ClientId, attempts, delay, error);
        return RunOutcome.RunAgainAt(time.GetUtcNow() + delay);
    }

    /// <summary>Exponential backoff with full jitter, never sooner than Twilio's Retry-After.</summary>
    private TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter)
    {
        var ceiling = Math.Min(_options.RetryMaxDelay.TotalMilliseconds, _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        var jittered = TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
        return retryAfter is { } r && r > jittered ? r : jittered;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {ClientId} is Ready with store {MemoryStoreId} and configuration {ConfigurationId}")]
    private static partial void LogReady(ILogger logger, string clientId, string memoryStoreId, string configurationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {ClientId} attempt {Attempt} failed; retrying in {Delay}: {Error}")]
    private static partial void LogRetrying(ILogger logger, string clientId, int attempt, TimeSpan delay, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tenant {ClientId} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string clientId, string error);
}
