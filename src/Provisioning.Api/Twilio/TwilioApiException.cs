using System.Net;

namespace Provisioning.Api.Twilio;

/// <summary>A Twilio call that did not succeed, with what the caller needs to decide what to do next.</summary>
public class TwilioApiException : Exception
{
    public TwilioApiException(string message, HttpStatusCode? status = null, int? twilioCode = null,
        TimeSpan? retryAfter = null, Exception? inner = null) : base(message, inner)
    {
        Status = status;
        TwilioCode = twilioCode;
        RetryAfter = retryAfter;
    }

    /// <summary>HTTP status, or null when no answer came back (timeout, connection failure).</summary>
    public HttpStatusCode? Status { get; }
    public int? TwilioCode { get; }
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// Worth trying again later: throttling, server errors and no answer at all. Validation and auth errors
    /// (the other 4xx) cannot succeed on retry.
    /// </summary>
    public bool IsTransient => Status is null or HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
        || (int)Status >= 500;

    /// <summary>
    /// For a write: Twilio may have carried it out even though we got no success answer (a lost
    /// acknowledgement). Only a definite 4xx says it was not done.
    /// </summary>
    public bool OutcomeUnknown => Status is null || (int)Status >= 500;

    public bool IsNotFound => Status == HttpStatusCode.NotFound;

    /// <summary>Twilio asked us to slow down (429): nothing is wrong with the request, only its timing.</summary>
    public bool IsThrottled => Status == HttpStatusCode.TooManyRequests;
}
