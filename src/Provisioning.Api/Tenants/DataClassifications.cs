namespace Provisioning.Api.Tenants;

/// <summary>
/// What data a tenant's conversations may hold, as the signup declares it (P25). Twilio says Conversation Memory and
/// Conversation Orchestrator are not HIPAA-eligible and not PCI-compliant, and that Memory is not for sensitive
/// information about individuals; every tenant of this service gets both, so only <see cref="Standard"/> is accepted.
/// </summary>
public static class DataClassifications
{
    public const string Standard = "standard";
    public const string Hipaa = "hipaa";
    public const string Pci = "pci";

    public static readonly IReadOnlyList<string> All = [Standard, Hipaa, Pci];

    public const string Field = "dataClassification";

    /// <summary>Why a signup of this classification is refused, or null when it is accepted.</summary>
    public static string? RefusalOf(string? classification) => classification switch
    {
        Hipaa => "Tenants handling HIPAA-regulated health data cannot be provisioned: Twilio Conversation Memory and Conversation Orchestrator "
                 + "are not HIPAA Eligible Services, and Twilio says they must not be enabled in workflows subject to HIPAA. "
                 + "Keep protected health information out of this service.",
        Pci => "Tenants handling payment card data cannot be provisioned: Twilio Conversation Memory and Conversation Orchestrator are not "
               + "PCI-compliant, and Twilio says they must not be enabled in workflows subject to PCI DSS. Keep card data out of this service.",
        _ => null,
    };

    /// <summary>The 422 for a signup that declares regulated data.</summary>
    public static void EnsureAccepted(string? classification)
    {
        if (RefusalOf(classification) is { } refusal) throw new RegulatedDataRefusedException(refusal);
    }
}
