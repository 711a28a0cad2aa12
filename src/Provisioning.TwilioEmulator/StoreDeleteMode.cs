namespace Provisioning.TwilioEmulator;

/// <summary>How <c>DELETE /v1/ControlPlane/Stores/{id}</c> behaves.</summary>
public enum StoreDeleteMode
{
    /// <summary>Deletes are accepted (202), even when a configuration still references the store.</summary>
    Allow,

    /// <summary>409 (code 20409) while a configuration still references the store.</summary>
    RejectWhenInUse,

    /// <summary>Every delete is refused with 403 (code 403), as Twilio's private beta does.</summary>
    Refuse,
}
