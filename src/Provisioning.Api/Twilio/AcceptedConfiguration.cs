namespace Provisioning.Api.Twilio;

public sealed record AcceptedConfiguration(string ConfigurationId, AcceptedOperation Operation);
