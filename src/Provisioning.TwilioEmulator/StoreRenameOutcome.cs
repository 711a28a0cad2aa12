namespace Provisioning.TwilioEmulator;

/// <summary>
/// What a <c>PATCH /v1/ControlPlane/Stores/{id}</c> that changes <c>displayName</c> does. Twilio applies a change
/// asynchronously and says so only through the operation, so a client must not assume the new name before it has
/// seen the operation COMPLETED and the store under that name; the other outcomes let tests prove that it does not.
/// </summary>
public enum StoreRenameOutcome
{
    /// <summary>The rename applies and its operation completes.</summary>
    Applied,

    /// <summary>202, then the operation ends FAILED and the store keeps its name.</summary>
    OperationFails,

    /// <summary>202 and a COMPLETED operation, yet the store keeps its name (a change lost or not yet visible).</summary>
    NotApplied,
}
