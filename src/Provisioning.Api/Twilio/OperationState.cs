
namespace Provisioning.Api.Twilio;

/// <summary>Operation states shared by Memory (M6) and Conversations (C7).</summary>
public enum OperationState
{
    InProgress,
    Completed,
    Failed,
    Cancelled,
}
