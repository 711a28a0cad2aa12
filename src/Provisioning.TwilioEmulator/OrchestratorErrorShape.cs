namespace Provisioning.TwilioEmulator;

/// <summary>The body of Conversation Orchestrator (<c>/v2/</c>) error answers (contract §12 P23).</summary>
public enum OrchestratorErrorShape
{
    /// <summary><c>{code, message, more_info, status}</c>, as the Conversations spec describes for every 4xx/5xx.</summary>
    Classic,

    /// <summary>
    /// <c>{code, httpStatusCode, message, userError, params}</c>, as Orchestrator's troubleshooting page says "all"
    /// its errors look: no <c>status</c>, no <c>more_info</c>; the HTTP status is on the response line.
    /// </summary>
    Troubleshooting,
}
