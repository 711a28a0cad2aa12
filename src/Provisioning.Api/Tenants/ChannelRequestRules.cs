namespace Provisioning.Api.Tenants;

/// <summary>
/// What <c>orchestrator.channels</c> must hold, by the field at fault: known channels (never VIDEO, P20), addresses in
/// each channel's published format (P18), VOICE's ingestion and call types (P19, P22), and at most 100 capture rules.
/// </summary>
public static class ChannelRequestRules
{
    public static IEnumerable<(string Field, string Message)> Errors(IReadOnlyDictionary<string, ChannelRequest?>? channels)
    {
        if (channels is null) yield break;
        foreach (var (name, settings) in channels)
        {
            var field = $"orchestrator.channels.{name}";
            // Channel names as Twilio spells them, in any case (a JSON client may camel-case them).
            var channel = name.ToUpperInvariant();
            if (!TenantChannels.All.Contains(channel))
            {
                yield return (field, channel == "VIDEO"
                    ? "VIDEO is not a channel of an Orchestrator configuration (Twilio's channelSettings keys are VOICE, SMS, RCS, WHATSAPP and CHAT)."
                    : $"Unknown channel; use one of {string.Join(", ", TenantChannels.All)}.");
                continue;
            }
            if (channels.Keys.Count(k => k.ToUpperInvariant() == channel) > 1)
            {
                yield return (field, $"{channel} is given twice.");
                continue;
            }
            var errors = channel == TenantChannels.Voice ? VoiceErrors(field, settings) : MessagingErrors(field, channel, settings);
            foreach (var error in errors) yield return error;
            if (settings?.StatusTimeouts is { } timeouts)
            {
                if (timeouts.Inactive is < 1) yield return ($"{field}.statusTimeouts.inactive", "Minutes, at least 1.");
                if (timeouts.Closed is < 1) yield return ($"{field}.statusTimeouts.closed", "Minutes, at least 1.");
            }
        }
    }

    private static IEnumerable<(string Field, string Message)> MessagingErrors(string field, string channel, ChannelRequest? settings)
    {
        if (settings?.Ingestion is not null) yield return ($"{field}.ingestion", "Only VOICE has an ingestion mode.");
        if (settings?.ClientIdentities is not null) yield return ($"{field}.clientIdentities", "Only VOICE captures Voice SDK identities.");
        if (settings?.SipAddresses is not null) yield return ($"{field}.sipAddresses", "Only VOICE captures SIP addresses.");
        if (settings?.Addresses is not { Count: > 0 } addresses)
        {
            yield return ($"{field}.addresses", "At least one address is required (set the channel to null to remove it).");
            yield break;
        }
        // Both directions: two rules per address.
        if (addresses.Count * 2 > TenantChannels.MaxCaptureRules)
            yield return ($"{field}.addresses", $"At most {TenantChannels.MaxCaptureRules / 2} addresses on {channel} (Twilio allows {TenantChannels.MaxCaptureRules} capture rules per channel).");
        var format = channel switch
        {
            TenantChannels.WhatsApp => "An address is an E.164 number such as +15551234567, with or without the whatsapp: prefix.",
            TenantChannels.Rcs => "An address is rcs:<senderId> (such as rcs:brand_acme_agent) or an E.164 number, with or without the rcs: prefix.",
            _ => "An address is an E.164 number such as +15551234567.",
        };
        foreach (var error in ListErrors($"{field}.addresses", addresses, a => TenantChannels.Normalize(channel, a), a => TenantChannels.OwnershipKey(channel, a), format))
            yield return error;
    }

    private static IEnumerable<(string Field, string Message)> VoiceErrors(string field, ChannelRequest? settings)
    {
        var ingestion = settings?.Ingestion ?? VoiceIngestion.Default;
        if (!VoiceIngestion.All.Contains(ingestion))
        {
            yield return ($"{field}.ingestion", "Use active (your TwiML names the configuration: ConversationRelay conversationConfiguration; no capture rules) "
                                                 + "or passive (capture rules for your numbers; Twilio provisions billed real-time transcription).");
            yield break;
        }
        var passive = ingestion == VoiceIngestion.Passive;
        if (!passive && settings?.ClientIdentities is not null)
            yield return ($"{field}.clientIdentities", "Voice SDK calls are captured by capture rules: set ingestion to passive.");
        if (!passive && settings?.SipAddresses is not null)
            yield return ($"{field}.sipAddresses", "SIP calls are captured by capture rules: set ingestion to passive.");
        var addresses = settings?.Addresses ?? [];
        var identities = settings?.ClientIdentities ?? [];
        var sip = settings?.SipAddresses ?? [];
        if (passive && addresses.Count + identities.Count + sip.Count == 0)
            yield return ($"{field}.addresses", "Passive capture needs at least one number, Voice SDK identity or SIP address (set the channel to null to remove it).");
        var rules = addresses.Count + identities.Count * 2 + sip.Count;
        if (passive && rules > TenantChannels.MaxCaptureRules)
            yield return ($"{field}.addresses", $"These make {rules} capture rules; Twilio allows {TenantChannels.MaxCaptureRules} per channel (a number or SIP address takes one, an identity two).");
        var errors = ListErrors($"{field}.addresses", addresses, a => TenantChannels.Normalize(TenantChannels.Voice, a), a => a,
                "An address is an E.164 number such as +15551234567.")
            .Concat(ListErrors($"{field}.clientIdentities", identities, TenantChannels.NormalizeClientIdentity, a => a,
                "A Voice SDK identity is 1-121 letters, digits and _ . @ - (client: prefix optional); never a wildcard."))
            .Concat(ListErrors($"{field}.sipAddresses", sip, TenantChannels.NormalizeSipAddress, a => a,
                "A SIP address is a SIP URI such as sip:support@example.sip.twilio.com or an E.164 number; never a wildcard."));
        foreach (var error in errors) yield return error;
    }

    private static IEnumerable<(string Field, string Message)> ListErrors(
        string field, IReadOnlyList<string?> values, Func<string, string?> normalize, Func<string, string> key, string format)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i] is { Length: <= TenantChannels.MaxAddressLength } v ? normalize(v) : null;
            if (value is null) yield return ($"{field}[{i}]", format);
            else if (!seen.Add(key(value))) yield return ($"{field}[{i}]", $"{value} is listed twice.");
        }
    }
}
