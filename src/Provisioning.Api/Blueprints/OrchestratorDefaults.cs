using System.Text.Json.Serialization;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Blueprints;

/// <summary>
/// Defaults for the tenant's Conversation Orchestrator configuration, under the tenant's own settings (which win where
/// both speak): grouping, extraction, status callbacks, Conversational Intelligence configurations, and status timeouts
/// per channel (keys as Twilio's <c>channelSettings</c>: VOICE, SMS, RCS, WHATSAPP, CHAT). Absent fields set nothing.
/// </summary>
public sealed record OrchestratorDefaults(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConversationGroupingType = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? MemoryExtractionEnabled = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<StatusCallbackRequestBody?>? StatusCallbacks = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string?>? IntelligenceConfigurationIds = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, StatusTimeoutsRequest?>? StatusTimeouts = null);
