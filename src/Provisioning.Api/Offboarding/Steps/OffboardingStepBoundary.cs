using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Offboarding.Steps;

/// <summary>
/// Where an offboarding step's exceptions become outcomes. Erasure has one answer to whatever Twilio says (a refusal,
/// throttling, an error): try again later, spending an attempt, as an operator may fix a refusal meanwhile and the
/// tenant's data must not stay behind because Twilio said no once. Anything else (the database unreachable, a
/// cancelled run, a bug) propagates, and the runner makes the tenant due again shortly.
/// </summary>
public static class OffboardingStepBoundary
{
    public static Task<StepOutcome> RunAsync(Func<Task<StepOutcome>> step) => StepBoundary.RunAsync(step, Translate);

    /// <summary>The outcome an exception stands for; null when it stands for none and must propagate.</summary>
    public static StepOutcome? Translate(Exception exception) => exception switch
    {
        TwilioApiException e => StepOutcome.RetryLater(e.Message, e.RetryAfter),
        ProvisioningStepException e => StepOutcome.RetryLater(e.Message),
        _ => null,
    };
}
