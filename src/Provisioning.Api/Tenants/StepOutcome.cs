namespace Provisioning.Api.Tenants;

/// <summary>
/// How one step of a saga ended, as a value: the saga's loop records it on the tenant and decides what the run does
/// next (another step, or the run ends and says when the next is due). Steps return these instead of throwing, so no
/// outcome travels as an exception past a step; each saga's step boundary translates the exceptions of the code a
/// step calls (the Twilio clients, the slot ledger) into one of these.
/// </summary>
public abstract record StepOutcome
{
    private StepOutcome()
    {
    }

    /// <summary>The step did its part; the planner says what is next.</summary>
    public static StepOutcome Continue { get; } = new Continued();

    /// <summary>A failure a later attempt may get past, spending one attempt of the tenant's retry budget.</summary>
    public static StepOutcome RetryLater(string error, TimeSpan? retryAfter = null) => new Retry(error, retryAfter, SpendsAttempt: true);

    /// <summary>See <see cref="Continue"/>.</summary>
    public sealed record Continued : StepOutcome;

    /// <summary>
    /// Try again later: not before <paramref name="RetryAfter"/> (Twilio's) when it is given. A throttled call does
    /// not spend an attempt (<paramref name="SpendsAttempt"/> false): a busy Twilio says nothing about the tenant.
    /// </summary>
    public sealed record Retry(string Error, TimeSpan? RetryAfter, bool SpendsAttempt) : StepOutcome;

    /// <summary>No account can take the tenant yet: not a failure of the tenant; it waits for capacity.</summary>
    public sealed record WaitForCapacity(string Reason) : StepOutcome;

    /// <summary>Cannot succeed on retry (a validation or auth refusal, a store Twilio reports FAILED): stop and say why.</summary>
    public sealed record Fail(string Error) : StepOutcome;

    /// <summary>The tenant's account turned out to be full; the tenant has left it and is to be placed again.</summary>
    public sealed record Replace(string Why) : StepOutcome;
}
