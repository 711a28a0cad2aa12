using System.Text.RegularExpressions;

namespace Provisioning.Api.Tenants;

/// <summary>
/// The channels a tenant may have and the address formats Twilio publishes for each (P18): SMS and VOICE take E.164
/// numbers, WHATSAPP <c>whatsapp:+E164</c> (the API takes the number with or without the prefix), RCS a sender id or a
/// number, each with the <c>rcs:</c> prefix (the API takes a bare number too). CHAT is not one of them: it goes through
/// a Conversations V1 bridge (P21), and VIDEO is not a channelSettings key at all (P20).
/// </summary>
public static partial class TenantChannels
{
    public const string Sms = "SMS";
    public const string WhatsApp = "WHATSAPP";
    public const string Rcs = "RCS";
    public const string Voice = "VOICE";

    public static readonly IReadOnlyList<string> All = [Sms, WhatsApp, Rcs, Voice];

    public const string WhatsAppPrefix = "whatsapp:";
    public const string RcsPrefix = "rcs:";

    /// <summary>The longest address the service keeps (a SIP URI is the longest kind).</summary>
    public const int MaxAddressLength = 128;

    /// <summary>Twilio allows 100 capture rules per channel; a messaging address takes two (both directions), a voice number one.</summary>
    public const int MaxCaptureRules = 100;

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}\z", RegexOptions.CultureInvariant)]
    public static partial Regex E164();

    // Letters, digits and _ . - (Twilio's examples: "brand_acme_agent"); never "*", never a second prefix.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RcsSenderId();

    // A Voice SDK identity: concrete (never "*", P19), no spaces or colons.
    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,120}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ClientIdentity();

    // sip:user@host[:port][;params], no wildcard.
    [GeneratedRegex(@"^sips?:[^\s@*:;]+@[A-Za-z0-9.-]+(:[0-9]{1,5})?(;[^\s*]*)?\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SipUri();

    /// <summary>
    /// The address as stored and shown: numbers in E.164 (the <c>whatsapp:</c> and <c>rcs:</c> prefixes dropped), an RCS
    /// sender id with its <c>rcs:</c> prefix; null when it is not an address of the channel.
    /// </summary>
    public static string? Normalize(string channel, string address)
    {
        switch (channel)
        {
            case WhatsApp:
                var number = StripPrefix(address, WhatsAppPrefix);
                return E164().IsMatch(number) ? number : null;
            case Rcs:
                var sender = StripPrefix(address, RcsPrefix);
                if (E164().IsMatch(sender)) return sender;
                // A sender id is only ever given with its prefix: a bare word is more likely a mistyped number.
                return address.StartsWith(RcsPrefix, StringComparison.OrdinalIgnoreCase) && RcsSenderId().IsMatch(sender) ? RcsPrefix + sender : null;
            default:
                return E164().IsMatch(address) ? address : null;
        }
    }

    /// <summary>A Voice SDK identity as stored (an optional <c>client:</c> prefix dropped), or null when it is not one.</summary>
    public static string? NormalizeClientIdentity(string identity)
    {
        var bare = StripPrefix(identity, "client:");
        return ClientIdentity().IsMatch(bare) ? bare : null;
    }

    /// <summary>A SIP address as stored: a SIP URI or an E.164 number (both are what PUBLIC_SIP rules match, P18), or null.</summary>
    public static string? NormalizeSipAddress(string address) =>
        address.Length <= MaxAddressLength && (SipUri().IsMatch(address) || E164().IsMatch(address)) ? address : null;

    /// <summary>
    /// What address ownership compares (L6, P18): the address without its channel prefix, so that
    /// <c>whatsapp:+15551234567</c> and <c>+15551234567</c> on WHATSAPP are one address, and so are
    /// <c>rcs:+15551234567</c> and <c>+15551234567</c> on RCS.
    /// </summary>
    public static string OwnershipKey(string channel, string address) => channel switch
    {
        WhatsApp => StripPrefix(address, WhatsAppPrefix),
        Rcs => StripPrefix(address, RcsPrefix),
        _ => address,
    };

    /// <summary>The address as a capture rule writes it (P18): <c>whatsapp:+E164</c>, <c>rcs:+E164</c> or <c>rcs:&lt;senderId&gt;</c>, E.164 otherwise.</summary>
    public static string RuleAddress(string channel, string address) => channel switch
    {
        WhatsApp => WhatsAppPrefix + StripPrefix(address, WhatsAppPrefix),
        Rcs => RcsPrefix + StripPrefix(address, RcsPrefix),
        _ => address,
    };

    private static string StripPrefix(string address, string prefix) =>
        address.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? address[prefix.Length..] : address;
}
