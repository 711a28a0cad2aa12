using Microsoft.AspNetCore.Mvc;
using Provisioning.Api.Infrastructure.Http;

namespace Provisioning.Api.Twilio;

/// <summary>
/// Twilio's failure as a 502. Only admin actions call Twilio while the caller waits (a key rotation); they say what
/// Twilio answered.
/// </summary>
public sealed class TwilioProblemDetailsMapper : IProblemDetailsMapper
{
    public ProblemDetails? Describe(Exception exception) => exception is TwilioApiException twilio
        ? new ProblemDetails
        {
            Status = StatusCodes.Status502BadGateway, Title = "Twilio did not complete the request",
            Detail = $"{twilio.Message} It is safe to retry.",
        }
        : null;
}
