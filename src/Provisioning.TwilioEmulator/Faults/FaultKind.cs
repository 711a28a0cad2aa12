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

    /// <summary>
    /// Run the request, but the operation it starts ends FAILED. A store create (<c>POST /v1/ControlPlane/Stores</c>, the
    /// only request that honours it) answers 202 as usual, its operation ends FAILED and the store it made is FAILED,
    /// holding its display name until it is deleted (contract §12 P3).
    /// </summary>
    FailOperation,
}
