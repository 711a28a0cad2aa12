namespace Provisioning.Api.Twilio;

/// <summary>
/// One configured parent account (<c>Twilio:Parents:N</c>). Twilio cannot create parent accounts by API, so an ISV
/// that outgrows one parent's subaccount ceiling adds another here; the pool fills them in index order.
/// </summary>
public sealed class TwilioParentOptions
{
    /// <summary>Shown in <c>GET /v1/accounts</c>, logs and metrics; defaults to <c>parent</c> for the first, <c>parent-N</c> for the others.</summary>
    public string? Name { get; set; }

    public string AccountSid { get; set; } = "";

    /// <summary>The account's auth token, or the secret of <see cref="ApiKeySid"/>.</summary>
    public string AuthToken { get; set; } = "";

    public string? ApiKeySid { get; set; }

    /// <summary>Subaccounts this parent may own; unset: <c>Twilio:MaxSubaccounts</c>.</summary>
    public int? MaxSubaccounts { get; set; }
}
