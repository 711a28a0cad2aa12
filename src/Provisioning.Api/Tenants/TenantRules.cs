using System.Text.RegularExpressions;

namespace Provisioning.Api.Tenants;

/// <summary>
/// Input rules that follow from Twilio's limits. The store is named <c>client-&lt;clientId&gt;</c> and must
/// match <c>^[a-zA-Z0-9-]+$</c> (M1); the configuration's displayName, named the same way, is at most 32
/// characters (C1), which leaves 25 for the clientId. Lowercase only: Twilio does not say whether store names
/// are unique case-insensitively, so "Acme" and "acme" must not become two tenants.
/// </summary>
public static partial class TenantRules
{
    public const int ClientIdMaxLength = 25;

    /// <summary>The display name becomes the store's description, which Twilio caps at 128 (M1).</summary>
    public const int DisplayNameMaxLength = 128;

    public const int MaxStatusCallbacks = 2;

    // \z, not $: $ also matches before a final newline, and "nl\n" would pass.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,24}\z", RegexOptions.CultureInvariant)]
    public static partial Regex ClientIdPattern();

    public static bool IsValidClientId(string? clientId) => clientId is not null && ClientIdPattern().IsMatch(clientId);

    /// <summary>
    /// A blueprint's name (what a signup's <c>blueprint</c> names): 1-63 lowercase letters, digits and hyphens, starting
    /// with a letter. Defined here, where a tenant refers to it; the blueprints feature names its blueprints by it.
    /// </summary>
    [GeneratedRegex(@"^[a-z][a-z0-9-]{0,62}\z", RegexOptions.CultureInvariant)]
    public static partial Regex BlueprintNamePattern();

    public static bool IsValidBlueprintName(string? name) => name is not null && BlueprintNamePattern().IsMatch(name);

    /// <summary>A signup's <c>isolation</c>, as the API spells it.</summary>
    public static readonly IReadOnlyDictionary<string, TenantIsolation> Isolations = new Dictionary<string, TenantIsolation>(StringComparer.Ordinal)
    {
        ["pooled"] = TenantIsolation.Pooled,
        ["dedicated"] = TenantIsolation.Dedicated,
    };

    public static string NameOf(TenantIsolation isolation) => Isolations.Single(i => i.Value == isolation).Key;

    /// <summary>The longest reason an admin may give (an audit row keeps it).</summary>
    public const int ReasonMaxLength = 1000;

    /// <summary>A reason is optional text of at most <see cref="ReasonMaxLength"/> characters with no control characters.</summary>
    public static bool IsValidReason(string? reason) =>
        reason is null || (reason.Length <= ReasonMaxLength && !Infrastructure.Text.HasControlCharacters(reason));
}
