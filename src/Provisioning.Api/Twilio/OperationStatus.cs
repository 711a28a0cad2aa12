namespace Provisioning.Api.Twilio;

/// <summary>An operation as polled (M6 or C7). <see cref="ResultId"/> is set when a create completed.</summary>
public sealed record OperationStatus(OperationState State, string? ResultId, string? Error, int? ErrorCode, TimeSpan? RetryAfter);
