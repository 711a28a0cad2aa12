namespace Provisioning.Api.Console;

/// <summary>What an admin can do to one tenant from its page; each goes through <see cref="Tenants.TenantAdministration"/> or <see cref="Tenants.TenantSettingsChange"/>.</summary>
public enum TenantAction
{
    Retry,
    Repair,
    Recreate,
    Offboard,
    OffboardNow,
    CancelDeletion,
    AcceptResidualErasure,
    EditSettings,
}
