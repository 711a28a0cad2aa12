using System.Net;
using Provisioning.Api.Offboarding.Steps;
using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.UnitTests.Offboarding;

/// <summary>Erasure answers whatever Twilio says the same way: try again later, spending an attempt.</summary>
public sealed class OffboardingStepBoundaryTests
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(3);

    public static TheoryData<string, Exception, StepOutcome> Translations => new()
    {
        { "throttled", new TwilioApiException("slow down", HttpStatusCode.TooManyRequests, retryAfter: RetryAfter), new StepOutcome.Retry("slow down", RetryAfter, SpendsAttempt: true) },
        { "a server error", new TwilioApiException("oops", HttpStatusCode.InternalServerError), new StepOutcome.Retry("oops", null, SpendsAttempt: true) },
        { "a refusal (an operator may fix it)", new TwilioApiException("forbidden", HttpStatusCode.Forbidden), new StepOutcome.Retry("forbidden", null, SpendsAttempt: true) },
        { "a store delete that ended FAILED", new ProvisioningStepException("ended FAILED", transient: true), new StepOutcome.Retry("ended FAILED", null, SpendsAttempt: true) },
        { "a permanent step failure", new ProvisioningStepException("never", transient: false), new StepOutcome.Retry("never", null, SpendsAttempt: true) },
    };

    [Theory]
    [MemberData(nameof(Translations))]
    public async Task Translates_what_a_step_throws_into_a_retry(string row, Exception thrown, StepOutcome expected)
    {
        Assert.True(expected == OffboardingStepBoundary.Translate(thrown), row);
        Assert.True(expected == await OffboardingStepBoundary.RunAsync(() => throw thrown), row);
    }

    [Fact]
    public async Task Lets_what_is_no_outcome_of_a_step_propagate()
    {
        Assert.Null(OffboardingStepBoundary.Translate(new InvalidOperationException("a bug")));
        await Assert.ThrowsAsync<InvalidOperationException>(() => OffboardingStepBoundary.RunAsync(() => throw new InvalidOperationException("a bug")));
        await Assert.ThrowsAsync<OperationCanceledException>(() => OffboardingStepBoundary.RunAsync(() => throw new OperationCanceledException()));
    }
}
