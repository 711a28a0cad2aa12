using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Conversations;

/// <summary>A Conversation Orchestrator configuration. Free-form parts are kept as JSON, already validated.</summary>
public sealed class OrchestratorConfiguration
{
    public required string Id { get; init; }
    public required string AccountSid { get; init; }
    public string DisplayName { get; set; } = "";
    public string Description { get; set; } = "";
    public string ConversationGroupingType { get; set; } = "";
    public string MemoryStoreId { get; set; } = "";
    public JsonObject? ChannelSettings { get; set; }
    public JsonArray? StatusCallbacks { get; set; }
    public JsonArray? IntelligenceConfigurationIds { get; set; }

    // SDK-only fields (contract §3 C3): not in the spec, but a PUT that omits them removes them all the same.
    public JsonArray? TraitExtractionStrategyIds { get; set; }
    public JsonArray? ObservationExtractionStrategyIds { get; set; }
    public bool MemoryExtractionEnabled { get; set; }
    public string? ConversationsV1BridgeServiceId { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public required DateTimeOffset VisibleAt { get; init; }
    public DateTimeOffset? DeletedAt { get; set; }
    public long Version { get; set; } = 1;
    public required long Sequence { get; init; }

    /// <summary>
    /// Since when Twilio has had call filtering and Real-Time Transcription provisioned for this configuration: "when you
    /// save voice capture rules, Conversation Orchestrator automatically provisions" them, and they are billed per call
    /// (contract §12.4 P22). Null while the configuration has no VOICE capture rules (a VOICE entry with statusTimeouts
    /// only is active voice: nothing provisioned).
    /// </summary>
    public DateTimeOffset? VoiceTranscriptionProvisionedAt { get; set; }

    /// <summary>How many times saving VOICE capture rules provisioned transcription (each a start of billing).</summary>
    public int VoiceTranscriptionProvisionings { get; set; }

    /// <summary>Applies the VOICE billing rule to the channel settings just saved.</summary>
    public void RecordVoiceTranscription(DateTimeOffset now)
    {
        var provisioned = ChannelSettings?["VOICE"]?["captureRules"] is JsonArray { Count: > 0 };
        if (!provisioned)
        {
            VoiceTranscriptionProvisionedAt = null;
            return;
        }

        if (VoiceTranscriptionProvisionedAt is not null) return;
        VoiceTranscriptionProvisionedAt = now;
        VoiceTranscriptionProvisionings++;
    }

    public bool IsDeletedAt(DateTimeOffset now) => DeletedAt <= now;

    public bool ExistsAt(DateTimeOffset now) => !IsDeletedAt(now);

    public bool IsVisibleAt(DateTimeOffset now) => VisibleAt <= now && !IsDeletedAt(now);
}
