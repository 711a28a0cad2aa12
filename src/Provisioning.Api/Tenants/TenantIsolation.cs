using System.Text.Json.Serialization;

namespace Provisioning.Api.Tenants;

/// <summary>
/// Which Twilio account a tenant's store and configuration live in (docs/architecture.md says when to choose which).
/// Fixed at signup: changing it means moving the tenant's memory to another account.
/// </summary>
public enum TenantIsolation
{
    /// <summary>A subaccount shared with other tenants (up to the account's caps), filled oldest first.</summary>
    [JsonStringEnumMemberName("pooled")]
    Pooled,

    /// <summary>A subaccount of its own, created for it, that no other tenant ever enters; closed when it is offboarded.</summary>
    [JsonStringEnumMemberName("dedicated")]
    Dedicated,
}
