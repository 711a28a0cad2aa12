using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Provisioning.Api.Accounts;
using Provisioning.Api.Data;
using Provisioning.Api.Offboarding.Steps;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Offboarding;

/// <summary>
/// Removes a tenant's Twilio resources once its grace period is over, as a loop: the pure
/// <see cref="OffboardingPlanner"/> says what is next (the reverse of onboarding: resources whose create's answer was
/// lost found, the configuration deleted, the store retired or the slot given back, every store erased, a dedicated
/// subaccount closed, Deleted), the step in <see cref="OffboardingSteps"/> does it and returns a
/// <see cref="StepOutcome"/>, the loop records it and saves, and asks again. Each step is recorded before the next,
/// so a rerun continues where a run stopped; the tenant is Deleted only when Twilio holds nothing of it (or an admin
/// accepts a residual).
/// </summary>
public sealed partial class TenantOffboardingSaga(
    ProvisioningDbContext db,
    TenantCheckpoint checkpoint,
    AccountCredentials accountCredentials,
    PoolCapacity poolCapacity,
    OffboardingSteps steps,
    TimeProvider time,
    IOptions<ProvisioningOptions> options,
    ILogger<TenantOffboardingSaga> logger) : ITenantWork
{
    /// <summary>Erasure takes a handful of steps; past this many, a step recorded nothing, and the run stops rather than spin on it.</summary>
    private const int MaxStepsPerRun = 100;

    public bool Handles(TenantStatus status) => status is TenantStatus.PendingDeletion or TenantStatus.Deprovisioning;

    /// <summary>One run, while the runner holds the tenant's lease; says when the next is due after a Twilio failure.</summary>
    public async Task<RunOutcome> RunAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null) return RunOutcome.Done;
        // Cancelled in the grace period, already done, or not yet due (then due when the grace period ends).
        if (!tenant.BeginDeprovisioning(time.GetUtcNow()))
            return tenant is { Status: TenantStatus.PendingDeletion, DeletionDueAt: { } due } ? RunOutcome.RunAgainAt(due) : RunOutcome.Done;

        using var _ = logger.BeginScope(new Dictionary<string, object> { ["ClientId"] = tenant.ClientId, ["TenantId"] = tenant.Id });
        await checkpoint.SaveAsync(tenant);

        var run = new OffboardingRun(tenant, checkpoint, accountCredentials);
        for (var taken = 0; taken < MaxStepsPerRun; taken++)
        {
            var hasOpenDedicatedSubaccount = await poolCapacity.DedicatedAccountOf(tenant.Id).AnyAsync(cancellationToken);
            var step = OffboardingPlanner.Next(OffboardingSnapshot.Of(tenant, hasOpenDedicatedSubaccount));
            if (step == OffboardingStep.MarkDeleted)
            {
                tenant.MarkDeleted(null, time.GetUtcNow());
                await checkpoint.SaveAsync(tenant);
                LogDeleted(logger, tenant.ClientId, "all resources removed");
                return RunOutcome.Done;
            }

            var outcome = await steps.RunAsync(step, run, cancellationToken);
            if (outcome is StepOutcome.Continued)
            {
                await checkpoint.SaveAsync(tenant);
                continue;
            }
            return await RetryLaterAsync(tenant, outcome);
        }
        throw new InvalidOperationException($"Offboarding of tenant '{tenant.ClientId}' took {MaxStepsPerRun} steps without converging; a step records no progress.");
    }

    /// <summary>
    /// Every failure of erasure is retried with backoff, spending an attempt; past the budget the tenant stays
    /// Deprovisioning with the error, and DELETE again (immediate) retries it.
    /// </summary>
    private async Task<RunOutcome> RetryLaterAsync(Tenant tenant, StepOutcome outcome)
    {
        var error = outcome switch
        {
            StepOutcome.Retry retry => retry.Error,
            StepOutcome.Fail fail => fail.Error,
            _ => throw new InvalidOperationException($"{outcome} is no outcome of an offboarding step."),
        };
        var attempts = tenant.RecordTransientFailure(error);
        await checkpoint.SaveAsync(tenant);
        if (attempts >= options.Value.MaxAttempts)
        {
            LogStuck(logger, tenant.ClientId, error);
            return RunOutcome.Done;
        }
        return RunOutcome.RunAgainAt(time.GetUtcNow() + options.Value.RetryBaseDelay * Math.Pow(2, attempts - 1));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {ClientId} is Deleted: {Outcome}")]
    private static partial void LogDeleted(ILogger logger, string clientId, string outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tenant {ClientId} could not be offboarded: {Error}")]
    private static partial void LogStuck(ILogger logger, string clientId, string error);
}
