namespace Provisioning.Api.Twilio;

/// <summary>
/// An accepted operation did not end within the step timeout. Transient, like no answer at all (its
/// <see cref="TwilioApiException.Status"/> is null): the operation may still complete, and a later attempt polls it again.
/// </summary>
public sealed class TwilioOperationTimeoutException(string message) : TwilioApiException(message);
