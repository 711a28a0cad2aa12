namespace Provisioning.TwilioEmulator.Admin;

/// <summary>Secrets are never exposed here.</summary>
public sealed record ApiKeySnapshot(string Sid, string AccountSid, string FriendlyName, DateTimeOffset DateCreated);
