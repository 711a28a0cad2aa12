using System.Net;
using System.Net.Http.Headers;

namespace Provisioning.Api.Twilio;

public sealed record TwilioResponse<T>(T Body, HttpStatusCode Status, HttpResponseHeaders Headers, TimeSpan? RetryAfter);
