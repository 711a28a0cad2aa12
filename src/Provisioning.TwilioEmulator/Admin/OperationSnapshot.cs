namespace Provisioning.TwilioEmulator.Admin;

public sealed record OperationSnapshot(string Id, string Plane, string AccountSid, string Status, string? ResourceId, DateTimeOffset CreatedAt);
