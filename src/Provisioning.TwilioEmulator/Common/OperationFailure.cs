namespace Provisioning.TwilioEmulator;

/// <summary>Why an operation ended FAILED. Rendered per control plane (Memory has a code, Conversations an HTTP status).</summary>
public sealed record OperationFailure(int HttpStatus, int Code, string Title, string Detail);
