using Provisioning.Api.Tenants;
using Provisioning.Api.Webhooks;

namespace Provisioning.Api.Blueprints;

/// <summary>
/// Every problem with a blueprint's <c>orchestrator</c> defaults, by the field it concerns: the same rules as a tenant's
/// own settings (grouping types, at most two status callbacks Twilio can reach, POST or GET), plus Twilio's limits on
/// <c>intelligenceConfigurationIds</c> (at most 5) and <c>statusTimeouts</c> (minutes, at least 1, per channel).
/// </summary>
internal static class OrchestratorDefaultsErrors
{
    private const int MaxUrlLength = 2048;
    private const int MaxIdLength = 128;

    public static IEnumerable<(string Field, string Message)> Of(OrchestratorDefaults? orchestrator, OutboundAddressPolicy outbound)
    {
        if (orchestrator is null) yield break;
        const string field = "orchestrator";
        if (orchestrator.ConversationGroupingType is { } grouping && !OrchestratorSettings.GroupingTypes.Contains(grouping))
            yield return ($"{field}.conversationGroupingType", $"'conversationGroupingType' must be {BlueprintRules.OneOf(OrchestratorSettings.GroupingTypes)}.");

        if (orchestrator.StatusCallbacks is { } callbacks)
        {
            if (callbacks.Count > TenantRules.MaxStatusCallbacks)
                yield return ($"{field}.statusCallbacks", $"At most {TenantRules.MaxStatusCallbacks} status callbacks are allowed.");
            for (var i = 0; i < callbacks.Count; i++)
            {
                var item = $"{field}.statusCallbacks[{i}]";
                if (callbacks[i] is not { } callback)
                {
                    yield return (item, "A status callback is an object with a url.");
                    continue;
                }
                // Twilio calls these, not us: the same scheme and literal address rules as a tenant's, not our allowed hosts.
                if (string.IsNullOrEmpty(callback.Url) || callback.Url.Length > MaxUrlLength)
                    yield return ($"{item}.url", $"'url' is required: at most {MaxUrlLength} characters.");
                else if (outbound.RefusalOf(callback.Url, checkAllowedHosts: false) is { } refusal)
                    yield return ($"{item}.url", $"'url' {refusal}.");
                if (callback.Method is { } method && method.ToUpperInvariant() is not ("POST" or "GET"))
                    yield return ($"{item}.method", "'method' must be POST or GET.");
            }
        }

        if (orchestrator.IntelligenceConfigurationIds is { } ids)
        {
            if (ids.Count > BlueprintRules.MaxIntelligenceConfigurations)
                yield return ($"{field}.intelligenceConfigurationIds", $"At most {BlueprintRules.MaxIntelligenceConfigurations} (Twilio's limit).");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < ids.Count; i++)
            {
                // Opaque ids (their prefixes vary, P24): only their size and form are checked.
                if (ids[i] is not { Length: >= 1 and <= MaxIdLength } id || id.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
                    yield return ($"{field}.intelligenceConfigurationIds[{i}]", $"An id of 1-{MaxIdLength} characters without spaces.");
                else if (!seen.Add(id))
                    yield return ($"{field}.intelligenceConfigurationIds[{i}]", $"'{id}' is listed twice.");
            }
        }

        if (orchestrator.StatusTimeouts is { } timeouts)
        {
            foreach (var (channel, settings) in timeouts)
            {
                var item = $"{field}.statusTimeouts[{channel}]";
                if (!BlueprintRules.TimeoutChannels.Contains(channel.ToUpperInvariant()))
                    yield return (item, $"Unknown channel; use {BlueprintRules.OneOf(BlueprintRules.TimeoutChannels)}.");
                else if (timeouts.Keys.Count(k => k.ToUpperInvariant() == channel.ToUpperInvariant()) > 1)
                    yield return (item, $"{channel.ToUpperInvariant()} is given twice.");
                else if (settings is null || settings is { Inactive: null, Closed: null })
                    yield return (item, "Give 'inactive' or 'closed' (minutes), or leave the channel out.");
                else
                {
                    if (settings.Inactive is < 1) yield return ($"{item}.inactive", "Minutes, at least 1.");
                    if (settings.Closed is < 1) yield return ($"{item}.closed", "Minutes, at least 1.");
                }
            }
        }
    }
}
