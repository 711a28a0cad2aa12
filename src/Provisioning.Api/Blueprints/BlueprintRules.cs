using System.Text.RegularExpressions;

namespace Provisioning.Api.Blueprints;

/// <summary>
/// Twilio's published limits on what a blueprint asks of a store (contract §12.2), and the service's own choices where
/// Twilio says nothing: trait group names are unique regardless of case within a blueprint (Twilio says "unique per
/// store" without saying how it compares them), and trait names must already be lowerCamelCase (Twilio normalizes
/// them to it, so "Tier" would become "tier" behind the ISV's back).
/// </summary>
public static partial class BlueprintRules
{
    public const int MaxTraitGroups = 50;
    public const int MaxTraitsPerGroup = 95;
    public const int TraitGroupNameMaxLength = 64;
    public const int DescriptionMaxLength = 1024;
    public const int TraitNameMaxLength = 128;
    public const int PatternMaxLength = 1000;
    public const int IdTypeMinLength = 2;
    public const int IdTypeMaxLength = 30;
    public const int MaxIdentifierConfigs = 15;
    public const int MaxMatchingRules = 15;
    public const int MaxDataMappings = 100;
    public const int MaxMappingsPerDataMapping = 100;
    public const int MaxIngressColumns = 100;
    public const int MaxIntelligenceConfigurations = 5;
    public const string TraitsTarget = "TRAITS";
    public const string IngressSource = "INGRESS";

    public static readonly IReadOnlyList<string> DataTypes = ["STRING", "NUMBER", "BOOLEAN", "ARRAY"];
    public static readonly IReadOnlyList<string> MatchingAlgos = ["exact", "fuzzy"];
    public static readonly IReadOnlyList<string> LimitPolicies = ["fifo", "lifo"];
    public static readonly IReadOnlyList<string> Normalizations = ["phone", "email", "trim", "none"];
    public static readonly IReadOnlyList<string> DataMappingSources = [IngressSource, "DATASET_CLOUDAPP", "DATASET_WAREHOUSE"];

    /// <summary>Twilio's <c>channelSettings</c> keys (P20): where status timeouts may be set.</summary>
    public static readonly IReadOnlyList<string> TimeoutChannels = ["VOICE", "SMS", "RCS", "WHATSAPP", "CHAT"];

    // \z, not $: $ also matches before a final newline.
    [GeneratedRegex(@"^[a-zA-Z0-9_\-\.]+\z", RegexOptions.CultureInvariant)]
    public static partial Regex TraitGroupName();

    [GeneratedRegex(@"^[a-z][a-zA-Z0-9]*\z", RegexOptions.CultureInvariant)]
    public static partial Regex TraitName();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9\-.]*\z", RegexOptions.CultureInvariant)]
    public static partial Regex DataMappingName();

    /// <summary>A data mapping's <c>traitName</c>, as Twilio's schema allows it (wider than the blueprint's own trait names).</summary>
    [GeneratedRegex(@"^[a-z][a-zA-Z0-9_\-\.]*\z", RegexOptions.CultureInvariant)]
    public static partial Regex MappedTraitName();

    [GeneratedRegex(@"^tdi_dataset_[0-7][0-9a-z]{25}\z", RegexOptions.CultureInvariant)]
    public static partial Regex DatasetId();

    /// <summary>
    /// Whether a trait's <c>pattern</c> is a regular expression. Twilio does not say which dialect it uses; .NET's parser
    /// accepts what the common ones share, and a pattern it cannot read would fail at Twilio as well.
    /// </summary>
    public static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static string OneOf(IEnumerable<string> values) => $"one of {string.Join(", ", values)}";
}
