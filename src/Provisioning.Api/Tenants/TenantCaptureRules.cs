using System.Text.Json.Nodes;

namespace Provisioning.Api.Tenants;

/// <summary>
/// What a tenant's channel turns into at Twilio (C1/C4 <c>channelSettings.&lt;CHANNEL&gt;</c>): capture rules for the
/// tenant's own addresses only (L5), never a rule with both sides <c>*</c> (L6: it would capture every co-tenant's
/// traffic), and for VOICE only when the tenant chose passive capture (P22: the rules provision billed transcription).
/// </summary>
public static class TenantCaptureRules
{
    public const string CallTypeClient = "CLIENT";
    public const string CallTypePublicSip = "PUBLIC_SIP";

    /// <summary>The channel's settings as Twilio takes them.</summary>
    public static JsonObject ToTwilio(string channel, ChannelSettings settings)
    {
        var json = new JsonObject();
        // Active voice: the TwiML names the configuration; the entry holds the lifecycle timeouts only (Twilio's guide writes null when there are none).
        if (channel != TenantChannels.Voice || settings.IsPassiveVoice) json["captureRules"] = Rules(channel, settings);
        if (settings.StatusTimeouts is { } timeouts)
        {
            var node = new JsonObject();
            if (timeouts.Inactive is { } inactive) node["inactive"] = inactive;
            if (timeouts.Closed is { } closed) node["closed"] = closed;
            json["statusTimeouts"] = node;
        }
        else if (channel == TenantChannels.Voice && !settings.IsPassiveVoice)
        {
            json["statusTimeouts"] = null;
        }
        return json;
    }

    /// <summary>How many capture rules the channel's settings make (Twilio allows <see cref="TenantChannels.MaxCaptureRules"/>).</summary>
    public static int CountRules(string channel, ChannelSettings settings) =>
        channel != TenantChannels.Voice || settings.IsPassiveVoice ? Rules(channel, settings).Count : 0;

    /// <summary>
    /// Messaging needs both directions (<c>{from: a, to: *}</c> and <c>{from: *, to: a}</c>). Voice numbers are captured
    /// inbound (<c>{from: *, to: n}</c>) with no <c>callType</c>: PSTN is what Twilio captures by default (P19). Voice SDK
    /// identities are captured both ways with <c>callType: CLIENT</c>, SIP addresses inbound with
    /// <c>callType: PUBLIC_SIP</c> (never <c>SIP</c>, which captures nothing).
    /// </summary>
    private static JsonArray Rules(string channel, ChannelSettings settings)
    {
        var rules = new JsonArray();
        foreach (var address in settings.Addresses.Select(a => TenantChannels.RuleAddress(channel, a)))
        {
            if (channel != TenantChannels.Voice) rules.Add(Rule(address, "*"));
            rules.Add(Rule("*", address));
        }
        if (channel != TenantChannels.Voice) return rules;
        foreach (var identity in settings.ClientIdentities ?? [])
        {
            rules.Add(Rule(identity, "*", CallTypeClient));
            rules.Add(Rule("*", identity, CallTypeClient));
        }
        foreach (var sip in settings.SipAddresses ?? []) rules.Add(Rule("*", sip, CallTypePublicSip));
        return rules;
    }

    private static JsonObject Rule(string from, string to, string? callType = null)
    {
        var rule = new JsonObject { ["from"] = from, ["to"] = to };
        if (callType is not null) rule["metadata"] = new JsonObject { ["callType"] = callType };
        return rule;
    }
}
