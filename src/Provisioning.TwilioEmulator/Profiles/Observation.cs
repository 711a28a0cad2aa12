using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>A short fact about the customer (<c>mem_observation_…</c>), linked to up to 10 conversations.</summary>
public sealed class Observation : ProfileMemory
{
    public List<string> ConversationIds { get; set; } = [];

    /// <summary>Every state the observation had before a PATCH changed it, oldest first (the Revisions route).</summary>
    public List<ObservationRevision> Revisions { get; init; } = [];

    protected override void AddConversations(JsonObject body)
    {
        if (ConversationIds.Count > 0) body["conversationIds"] = new JsonArray([.. ConversationIds.Select(id => (JsonNode)id)]);
    }
}
