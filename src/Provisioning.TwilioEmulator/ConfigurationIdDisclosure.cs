namespace Provisioning.TwilioEmulator;

/// <summary>
/// Whether the answer to a configuration create (C1) names the new configuration. The live service sometimes
/// leaves the id out (contract §10 L3), so clients must be able to find it by listing.
/// </summary>
public enum ConfigurationIdDisclosure
{
    /// <summary>The 202 and the create operation carry <c>related.configurationId</c>, as the SDKs and spec describe.</summary>
    Always,

    /// <summary>Neither the 202 nor the create operation names the configuration.</summary>
    Never,

    /// <summary>
    /// Each create leaves the id out with probability one half, drawn from a generator seeded with
    /// <see cref="EmulatorOptions.ConfigurationIdOmissionSeed"/> so a run can be repeated.
    /// </summary>
    RandomHalf,
}
