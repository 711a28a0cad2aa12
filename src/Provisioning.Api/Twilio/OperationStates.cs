
namespace Provisioning.Api.Twilio;

public static class OperationStates
{
    /// <summary>Unknown values count as in progress (contract C7: the SDK enums lag the spec).</summary>
    public static OperationState Parse(string? status) => status?.ToUpperInvariant() switch
    {
        "COMPLETED" => OperationState.Completed,
        "FAILED" => OperationState.Failed,
        "CANCELLED" or "CANCELED" => OperationState.Cancelled,
        _ => OperationState.InProgress,
    };
}
