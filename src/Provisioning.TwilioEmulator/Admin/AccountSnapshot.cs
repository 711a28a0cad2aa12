namespace Provisioning.TwilioEmulator.Admin;

public sealed record AccountSnapshot(string Sid, string FriendlyName, string Status, string OwnerAccountSid, DateTimeOffset DateCreated);
