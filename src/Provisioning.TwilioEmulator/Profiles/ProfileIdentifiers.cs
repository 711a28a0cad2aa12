using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// Identity resolution as the emulator models it: a store's default Identity Resolution Settings, where the
/// <c>Contact</c> trait group's <c>email</c> and <c>phone</c> traits are promoted to identifiers of the same names and
/// matched exactly after normalisation, email before phone (the order of the spec's example <c>matchingRules</c>).
/// </summary>
public static partial class ProfileIdentifiers
{
    public const string ContactGroup = "Contact";

    /// <summary>In matching priority.</summary>
    public static readonly IReadOnlyList<string> Types = ["email", "phone"];

    public static bool IsKnownType(string idType) => Types.Contains(idType);

    /// <summary>The normalised value, or null when the value cannot be one of this type.</summary>
    public static string? Normalize(string idType, string value) => idType switch
    {
        "email" => NormalizeEmail(value),
        "phone" => NormalizePhone(value),
        _ => null,
    };

    /// <summary>The identifiers that already validated request traits promote, in matching priority.</summary>
    public static IReadOnlyList<ProfileIdentifier> Of(JsonObject traits)
    {
        var contact = traits[ContactGroup] as JsonObject;
        var identifiers = new List<ProfileIdentifier>();
        foreach (var type in Types)
        {
            if (JsonValues.IsString(contact?[type], out var raw) && Normalize(type, raw) is { } value) identifiers.Add(new(type, value));
        }

        return identifiers;
    }

    // The spec's "email" normalisation: lower case, spaces removed.
    private static string? NormalizeEmail(string value)
    {
        var normalized = WhiteSpace().Replace(value, "").ToLowerInvariant();
        return normalized.Length > 0 ? normalized : null;
    }

    // The spec's "phone" normalisation to E.164: a US number may come with or without +1; any other number needs its
    // country code, and a 10-digit number without "+" is read as a US national number.
    private static string? NormalizePhone(string value)
    {
        var trimmed = value.Trim();
        if (!PhoneCharacters().IsMatch(trimmed)) return null;
        var digits = new string([.. trimmed.Where(char.IsAsciiDigit)]);
        var international = trimmed.StartsWith('+');
        if (!international && digits.Length == 10) return "+1" + digits;
        if (international ? digits.Length is >= 8 and <= 15 : digits.Length is >= 11 and <= 15) return "+" + digits;
        return null;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"^\+?[0-9 ().-]+\z")]
    private static partial Regex PhoneCharacters();
}
