using Provisioning.Api.Accounts;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Onboarding.Steps;

/// <summary>
/// Where an onboarding step's exceptions become outcomes: the code a step calls (the Twilio clients, the slot ledger,
/// the store deletion) says what went wrong by throwing, and no such exception goes past the step. Anything else (the
/// database unreachable, a cancelled run, a bug) is not an outcome of the step: it propagates, and the runner makes
/// the tenant due again shortly.
/// </summary>
public static class OnboardingStepBoundary
{
    public static Task<StepOutcome> RunAsync(Func<Task<StepOutcome>> step) => StepBoundary.RunAsync(step, Translate);

    /// <summary>The outcome an exception stands for; null when it stands for none and must propagate.</summary>
    public static StepOutcome? Translate(Exception exception) => exception switch
    {
        // Not a failure of this tenant: it waits, Pending with the reason, and looks again later.
        PoolExhaustedException e => new StepOutcome.WaitForCapacity(e.Message),
        // Throttling slows the service down; it never fails a tenant.
        TwilioApiException { IsThrottled: true } e => new StepOutcome.Retry(e.Message, e.RetryAfter, SpendsAttempt: false),
        TwilioApiException { IsTransient: true } e => StepOutcome.RetryLater(e.Message, e.RetryAfter),
        // Before ProvisioningStepException, which it is: the tenant left the full account and is placed again.
        AccountFullException e => new StepOutcome.Replace(e.Message),
        ProvisioningStepException { Transient: true } e => StepOutcome.RetryLater(e.Message),
        // Validation and auth errors cannot succeed on retry: stop now and say why.
        TwilioApiException or ProvisioningStepException => new StepOutcome.Fail(exception.Message),
        _ => null,
    };
}
