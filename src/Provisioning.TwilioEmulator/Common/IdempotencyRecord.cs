
namespace Provisioning.TwilioEmulator;

/// <summary>A recorded response to replay for a repeated Idempotency-Key.</summary>
public sealed record IdempotencyRecord(ApiResponse Response, DateTimeOffset ExpiresAt);
