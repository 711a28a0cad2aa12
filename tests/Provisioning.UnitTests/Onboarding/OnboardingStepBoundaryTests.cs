using System.Net;
using Provisioning.Api.Accounts;
using Provisioning.Api.Onboarding;
using Provisioning.Api.Onboarding.Steps;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.UnitTests.Onboarding;

/// <summary>What an onboarding step's exceptions become at its boundary: each outcome the saga once read from an exception type.</summary>
public sealed class OnboardingStepBoundaryTests
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(7);

    public static TheoryData<string, Exception, StepOutcome> Translations => new()
    {
        { "no account with room: wait for capacity", new PoolExhaustedException("full"), new StepOutcome.WaitForCapacity("full") },
        { "throttled: again after Retry-After, no attempt spent", new TwilioApiException("slow down", HttpStatusCode.TooManyRequests, retryAfter: RetryAfter), new StepOutcome.Retry("slow down", RetryAfter, SpendsAttempt: false) },
        { "a server error: retried, an attempt spent", new TwilioApiException("oops", HttpStatusCode.ServiceUnavailable, retryAfter: RetryAfter), new StepOutcome.Retry("oops", RetryAfter, SpendsAttempt: true) },
        { "no answer: retried", new TwilioApiException("timeout"), new StepOutcome.Retry("timeout", null, SpendsAttempt: true) },
        { "an operation still running past the step timeout: retried", new TwilioOperationTimeoutException("still running"), new StepOutcome.Retry("still running", null, SpendsAttempt: true) },
        { "a validation error: failed", new TwilioApiException("bad request", HttpStatusCode.BadRequest), new StepOutcome.Fail("bad request") },
        { "an auth error: failed", new TwilioApiException("forbidden", HttpStatusCode.Forbidden), new StepOutcome.Fail("forbidden") },
        { "not found, where a step did not expect it: failed", new TwilioApiException("gone", HttpStatusCode.NotFound), new StepOutcome.Fail("gone") },
        { "a transient step failure: retried", new ProvisioningStepException("not yet", transient: true), new StepOutcome.Retry("not yet", null, SpendsAttempt: true) },
        { "a permanent step failure: failed", new ProvisioningStepException("never", transient: false), new StepOutcome.Fail("never") },
        { "the account full after all: placed again", new AccountFullException("store", "refused"), new StepOutcome.Replace(new AccountFullException("store", "refused").Message) },
    };

    [Theory]
    [MemberData(nameof(Translations))]
    public async Task Translates_what_a_step_throws_into_its_outcome(string row, Exception thrown, StepOutcome expected)
    {
        Assert.True(expected == OnboardingStepBoundary.Translate(thrown), row);
        Assert.True(expected == await OnboardingStepBoundary.RunAsync(() => throw thrown), row);
    }

    [Fact]
    public async Task Lets_what_is_no_outcome_of_a_step_propagate()
    {
        Assert.Null(OnboardingStepBoundary.Translate(new InvalidOperationException("a bug")));
        await Assert.ThrowsAsync<InvalidOperationException>(() => OnboardingStepBoundary.RunAsync(() => throw new InvalidOperationException("a bug")));
        await Assert.ThrowsAsync<OperationCanceledException>(() => OnboardingStepBoundary.RunAsync(() => throw new OperationCanceledException()));
    }

    [Fact]
    public async Task Passes_a_step_s_own_outcome_through()
    {
        Assert.Same(StepOutcome.Continue, await OnboardingStepBoundary.RunAsync(() => Task.FromResult(StepOutcome.Continue)));
        var fail = new StepOutcome.Fail("Twilio reports Memory Store x FAILED.");
        Assert.Same(fail, await OnboardingStepBoundary.RunAsync(() => Task.FromResult<StepOutcome>(fail)));
    }
}
