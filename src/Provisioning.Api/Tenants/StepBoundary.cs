namespace Provisioning.Api.Tenants;

/// <summary>
/// Runs a saga step and turns the exceptions its saga's translation knows into outcomes; any other exception (the
/// database unreachable, a cancelled run, a bug) propagates to the runner. Each saga says which exceptions are
/// outcomes of its steps (<c>OnboardingStepBoundary</c>, <c>OffboardingStepBoundary</c>).
/// </summary>
public static class StepBoundary
{
    public static async Task<StepOutcome> RunAsync(Func<Task<StepOutcome>> step, Func<Exception, StepOutcome?> translate)
    {
        try
        {
            return await step();
        }
        catch (Exception e) when (translate(e) is { } outcome)
        {
            return outcome;
        }
    }
}
