namespace Provisioning.TwilioEmulator.Persistence;

/// <summary>An idempotency record with its key spelled out, since JSON objects cannot be keyed by a tuple.</summary>
public sealed record PersistedIdempotencyRecord(string AccountSid, string Key, IdempotencyRecord Record);
