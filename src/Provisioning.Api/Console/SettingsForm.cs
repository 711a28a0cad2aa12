using System.Globalization;
using System.Text.Json.Nodes;
using FluentValidation;
using FluentValidation.Results;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Console;

/// <summary>
/// The tenant page's settings editor. It shows the tenant's settings and turns what was submitted into the same
/// JSON merge patch a control plane would send to <c>PATCH /v1/tenants/{clientId}</c>, guarded by the ETag the
/// editor was shown (412 when the tenant changed meanwhile); <see cref="TenantSettingsChange"/> does the rest.
/// </summary>
public sealed class SettingsForm
{
    public string? ETag { get; set; }
    public string? DisplayName { get; set; }
    public string? CallbackUrl { get; set; }
    public bool MemoryExtractionEnabled { get; set; }
    public List<CallbackField> StatusCallbacks { get; set; } = [];
    public List<ChannelField> Channels { get; set; } = [];
    public bool Confirmed { get; set; }

    public static SettingsForm Of(Tenant tenant) => new()
    {
        ETag = TenantSettingsChange.ETagOf(tenant),
        DisplayName = tenant.DisplayName,
        CallbackUrl = tenant.CallbackUrl,
        MemoryExtractionEnabled = tenant.Orchestrator.MemoryExtractionEnabled,
        StatusCallbacks = Enumerable.Range(0, TenantRules.MaxStatusCallbacks)
            .Select(i => tenant.Orchestrator.StatusCallbacks.ElementAtOrDefault(i) is { } c ? new CallbackField { Url = c.Url, Method = c.Method } : new CallbackField())
            .ToList(),
        Channels = TenantChannels.All.Select(name => tenant.Orchestrator.Channels.TryGetValue(name, out var channel)
            ? new ChannelField
            {
                Name = name, Addresses = string.Join('\n', channel.Addresses),
                Inactive = channel.StatusTimeouts?.Inactive?.ToString(CultureInfo.InvariantCulture),
                Closed = channel.StatusTimeouts?.Closed?.ToString(CultureInfo.InvariantCulture),
                Ingestion = name == TenantChannels.Voice ? channel.Ingestion : null,
            }
            : new ChannelField { Name = name, Ingestion = name == TenantChannels.Voice ? NoVoice : null }).ToList(),
    };

    /// <summary>The whole editable state as a merge patch: every field named, so what the form shows is what the tenant gets.</summary>
    public JsonObject ToMergePatch()
    {
        var failures = new List<ValidationFailure>();
        if (!Confirmed) failures.Add(new ValidationFailure("confirmed", "Tick the confirmation to change the settings."));
        var channels = new JsonObject();
        foreach (var channel in Channels.Where(c => TenantChannels.All.Contains(c.Name)))
        {
            var addresses = (channel.Addresses ?? "").Split(['\n', '\r', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var voice = channel.Name == TenantChannels.Voice;
            // Active voice needs no number (the TwiML names the configuration): VOICE goes only when "no VOICE channel" is chosen and no number is left.
            var removed = voice ? addresses.Length == 0 && channel.Ingestion is null or NoVoice : addresses.Length == 0;
            channels[channel.Name!] = removed ? null : new JsonObject
            {
                ["addresses"] = new JsonArray(addresses.Select(a => (JsonNode)a).ToArray()),
                ["statusTimeouts"] = string.IsNullOrWhiteSpace(channel.Inactive) && string.IsNullOrWhiteSpace(channel.Closed) ? null : new JsonObject
                {
                    ["inactive"] = Minutes(channel.Inactive, $"orchestrator.channels.{channel.Name}.statusTimeouts.inactive", failures),
                    ["closed"] = Minutes(channel.Closed, $"orchestrator.channels.{channel.Name}.statusTimeouts.closed", failures),
                },
            };
            // Numbers typed under "no VOICE channel" get the default, active, rather than being dropped.
            if (voice && !removed) channels[channel.Name!]!["ingestion"] = channel.Ingestion is VoiceIngestion.Passive ? VoiceIngestion.Passive : VoiceIngestion.Active;
        }
        if (failures.Count > 0) throw new ValidationException(failures);

        return new JsonObject
        {
            ["displayName"] = Blank(DisplayName) ? null : DisplayName,
            ["callbackUrl"] = Blank(CallbackUrl) ? null : CallbackUrl!.Trim(),
            ["orchestrator"] = new JsonObject
            {
                ["memoryExtractionEnabled"] = MemoryExtractionEnabled,
                ["statusCallbacks"] = new JsonArray(StatusCallbacks.Where(c => !Blank(c.Url))
                    .Select(c => (JsonNode)new JsonObject { ["url"] = c.Url!.Trim(), ["method"] = c.Method ?? "POST" }).ToArray()),
                ["channels"] = channels,
            },
        };
    }

    /// <summary>The VOICE ingestion choice that means the tenant has no VOICE channel.</summary>
    public const string NoVoice = "none";

    private static bool Blank(string? text) => string.IsNullOrWhiteSpace(text);

    private static JsonNode? Minutes(string? text, string field, List<ValidationFailure> failures)
    {
        if (Blank(text)) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)) return minutes;
        failures.Add(new ValidationFailure(field, "A whole number of minutes."));
        return null;
    }

    public sealed class CallbackField
    {
        public string? Url { get; set; }
        public string? Method { get; set; } = "POST";
    }

    public sealed class ChannelField
    {
        public string? Name { get; set; }
        public string? Addresses { get; set; }
        public string? Inactive { get; set; }
        public string? Closed { get; set; }

        /// <summary>VOICE only: active, passive, or <see cref="NoVoice"/>.</summary>
        public string? Ingestion { get; set; }
    }
}
