namespace Provisioning.Api.Twilio;

/// <summary>A configuration create that Twilio accepted. The live service may leave the id out of the 202 (L3).</summary>
public sealed record AcceptedConfiguration(string? ConfigurationId, AcceptedOperation Operation);
