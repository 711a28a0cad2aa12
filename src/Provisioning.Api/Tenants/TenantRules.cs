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

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,24}$", RegexOptions.CultureInvariant)]
    public static partial Regex ClientIdPattern();

    public static bool IsValidClientId(string? clientId) => clientId is not null && ClientIdPattern().IsMatch(clientId);
}
