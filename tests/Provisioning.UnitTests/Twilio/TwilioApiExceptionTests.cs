using System.Net;
using Provisioning.Api.Twilio;

namespace Provisioning.UnitTests.Twilio;

public sealed class TwilioApiExceptionTests
{
    [Theory]
    [InlineData(null, true, true)]                          // no answer: maybe done, try again
    [InlineData(HttpStatusCode.TooManyRequests, true, false)] // refused before doing anything
    [InlineData(HttpStatusCode.InternalServerError, true, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true, true)]
    [InlineData(HttpStatusCode.BadRequest, false, false)]
    [InlineData(HttpStatusCode.Unauthorized, false, false)]
    [InlineData(HttpStatusCode.Conflict, false, false)]
    public void Classifies_failures(HttpStatusCode? status, bool transient, bool outcomeUnknown)
    {
        var e = new TwilioApiException("x", status);

        Assert.Equal(transient, e.IsTransient);
        Assert.Equal(outcomeUnknown, e.OutcomeUnknown);
    }

    [Fact]
    public void Credentials_never_print_their_secret()
    {
        var credentials = new TwilioCredentials("AC00000000000000000000000000000001", "AC00000000000000000000000000000001", "s3cr3t-token");

        Assert.DoesNotContain("s3cr3t-token", credentials.ToString(), StringComparison.Ordinal);
    }
}
