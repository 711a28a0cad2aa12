using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Provisioning.TwilioEmulator.Conversations;

/// <summary>
/// The address formats Twilio publishes for capture rules (contract §12.4 P18, P19): SMS and VOICE take E.164 numbers,
/// WHATSAPP <c>whatsapp:+E164</c> (Twilio's guide: "with or without" the prefix, so a bare number is taken too), RCS a
/// sender id or a number with the <c>rcs:</c> prefix, CHAT any identifier. A VOICE rule with <c>callType: CLIENT</c>
/// matches a Voice SDK identity, with <c>PUBLIC_SIP</c> (or the spec's older <c>SIP</c>) a SIP URI or a number. <c>*</c>
/// is the wildcard everywhere. A key the spec does not list (VIDEO, contract P20) holds free-form addresses: see
/// <see cref="ConfigurationRequest"/> for why it is kept rather than refused.
/// </summary>
public static partial class CaptureRuleAddresses
{
    /// <summary>Why <paramref name="address"/> cannot stand in a rule of <paramref name="channel"/>, or null when it can.</summary>
    public static string? Problem(string channel, string address, JsonObject? metadata)
    {
        if (address == "*") return null;
        var callType = metadata?["callType"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        var valid = channel switch
        {
            "SMS" => E164().IsMatch(address),
            "WHATSAPP" => E164().IsMatch(Strip(address, "whatsapp:")),
            "RCS" => address.StartsWith("rcs:", StringComparison.Ordinal) && RcsSender().IsMatch(address["rcs:".Length..]),
            "VOICE" => callType switch
            {
                "CLIENT" => ClientIdentity().IsMatch(Strip(address, "client:")),
                "PUBLIC_SIP" or "SIP" => SipUri().IsMatch(address) || E164().IsMatch(address),
                _ => E164().IsMatch(address),
            },
            _ => address.Length > 0,
        };
        if (valid) return null;
        var format = channel switch
        {
            "SMS" => "an E.164 phone number (such as \"+18005550100\")",
            "WHATSAPP" => "a phone number with the whatsapp prefix (such as \"whatsapp:+18005550100\")",
            "RCS" => "a sender ID or phone number with the rcs prefix (such as \"rcs:brand_acme_agent\" or \"rcs:+18005550100\")",
            "VOICE" when callType == "CLIENT" => "a client identity string",
            "VOICE" when callType is "PUBLIC_SIP" or "SIP" => "a SIP URI or an E.164 phone number",
            "VOICE" => "an E.164 phone number (such as \"+18005550100\")",
            _ => "a non-empty identifier",
        };
        return $"'{address}' is not a valid {channel} address: use {format}, or * for any address";
    }

    private static string Strip(string address, string prefix) =>
        address.StartsWith(prefix, StringComparison.Ordinal) ? address[prefix.Length..] : address;

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}\z", RegexOptions.CultureInvariant)]
    private static partial Regex E164();

    // "brand_acme_agent" or "+18005550100" after the prefix.
    [GeneratedRegex(@"^(\+[1-9][0-9]{6,14}|[A-Za-z0-9][A-Za-z0-9_.-]*)\z", RegexOptions.CultureInvariant)]
    private static partial Regex RcsSender();

    [GeneratedRegex(@"^[^\s:*]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex ClientIdentity();

    [GeneratedRegex(@"^sips?:[^\s@]+@[^\s@]+\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SipUri();
}
