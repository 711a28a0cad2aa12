namespace Provisioning.TwilioEmulator.Faults;

public enum FaultKind
{
    /// <summary>Answer with <see cref="ScriptedFault.Status"/> instead of running the request.</summary>
    Status,

    /// <summary>Wait <see cref="ScriptedFault.DelayMs"/>, then run the request normally (provokes client timeouts).</summary>
    Delay,

    /// <summary>Run the request (the state changes), then answer <see cref="ScriptedFault.Status"/> or hang.</summary>
    LostAcknowledgement,
}
