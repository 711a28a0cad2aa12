namespace Provisioning.Api.Tenants;

/// <summary>What an admin asked the onboarding saga to do on its next run, besides finishing onboarding.</summary>
public enum ReprovisionMode
{
    None,

    /// <summary>Check what the recorded ids point at; recreate only what no longer exists.</summary>
    Repair,

    /// <summary>A new store, the configuration switched to it, then the old store retired.</summary>
    Recreate,
}
