namespace Provisioning.Api.Twilio;

/// <summary>How <see cref="OperationPoller"/> paces itself; set by the features that wait on Twilio (from their own settings).</summary>
public sealed class OperationPollingOptions
{
    /// <summary>Poll interval when Twilio sends no Retry-After.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait for one operation to end.</summary>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromMinutes(3);
}
