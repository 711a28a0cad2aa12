namespace Provisioning.TwilioEmulator.Faults;

public enum FaultKind
{
    /// <summary>Answer with <see cref="ScriptedFault.Status"/> instead of running the request.</summary>
    Status,

    /// <summary>Wait <see cref="ScriptedFault.DelayMs"/>, then run the request normally (provokes client timeouts).</summary>
    Delay,

    /// <summary>Run the request (the state changes), then answer <see cref="ScriptedFault.Status"/> or hang.</summary>
    LostAcknowledgement,

    /// <summary>Answer <see cref="ScriptedFault.Status"/> (a 3xx) with <c>Location: </c><see cref="ScriptedFault.Location"/> instead of running the request.</summary>
    Redirect,

    /// <summary>Run a list request, then make its answer's next page the page just asked for (a paging loop).</summary>
    RepeatPage,
}
