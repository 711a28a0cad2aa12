namespace Provisioning.Api.Twilio;

public sealed record StatusCallbackRequest(string Url, string Method);
