
namespace Provisioning.Api.Twilio;

/// <summary>An asynchronous write Twilio accepted (202): poll <see cref="OperationId"/> after <see cref="RetryAfter"/>.</summary>
public sealed record AcceptedOperation(string OperationId, TimeSpan? RetryAfter);
