using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Provisioning.Api.Tenants;

/// <summary>
/// The channels a tenant may have and what each turns into at Twilio: capture rules for the tenant's own
/// addresses only (L5), never a rule with both sides <c>*</c> (L6: it would capture every co-tenant's traffic).
/// </summary>
public static partial class TenantChannels
{
    public const string Sms = "SMS";
    public const string WhatsApp = "WHATSAPP";
    public const string Rcs = "RCS";
    public const string Voice = "VOICE";

    public static readonly IReadOnlyList<string> All = [Sms, WhatsApp, Rcs, Voice];

    /// <summary>Twilio allows 100 capture rules per channel; a messaging address takes two (both directions), a voice one.</summary>
    public static int MaxAddresses(string channel) => channel == Voice ? 100 : 50;

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}\z", RegexOptions.CultureInvariant)]
    public static partial Regex E164();

    /// <summary>The address as stored: WhatsApp's <c>whatsapp:</c> prefix is optional and dropped.</summary>
    public static string Normalize(string channel, string address) =>
        channel == WhatsApp && address.StartsWith("whatsapp:", StringComparison.OrdinalIgnoreCase) ? address["whatsapp:".Length..] : address;

    /// <summary>
    /// Capture rules for one channel: messaging needs both directions (<c>{from: n, to: *}</c> and
    /// <c>{from: *, to: n}</c>), inbound voice <c>{from: *, to: n}</c>. The rules carry the numbers as E.164, as
    /// Twilio's guide writes them.
    /// </summary>
    public static JsonArray CaptureRules(string channel, IEnumerable<string> addresses)
    {
        var rules = new JsonArray();
        foreach (var address in addresses)
        {
            if (channel != Voice) rules.Add(new JsonObject { ["from"] = address, ["to"] = "*" });
            rules.Add(new JsonObject { ["from"] = "*", ["to"] = address });
        }
        return rules;
    }

    /// <summary>The channel's settings as Twilio takes them (C1/C4 <c>channelSettings.&lt;CHANNEL&gt;</c>).</summary>
    public static JsonObject ToTwilio(string channel, ChannelSettings settings)
    {
        var json = new JsonObject { ["captureRules"] = CaptureRules(channel, settings.Addresses) };
        if (settings.StatusTimeouts is { } timeouts)
        {
            var node = new JsonObject();
            if (timeouts.Inactive is { } inactive) node["inactive"] = inactive;
            if (timeouts.Closed is { } closed) node["closed"] = closed;
            json["statusTimeouts"] = node;
        }
        return json;
    }
}
