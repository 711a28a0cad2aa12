namespace Provisioning.TwilioEmulator;

/// <summary>
/// How an accepted store PATCH (M4) answers. The Memory spec lists 202 with an operation; Twilio's async-operations page
/// lists only store creates and deletes as asynchronous (contract §12 P6), so clients must take both.
/// </summary>
public enum StorePatchAnswer
{
    /// <summary>202 <c>{message, statusUrl}</c> with the operation headers, as the Memory spec lists.</summary>
    Accepted,

    /// <summary>200 with the updated store and its ETag: the change is applied when the answer comes.</summary>
    Applied,
}
