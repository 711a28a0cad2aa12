using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// One past state of an observation, kept when a PATCH replaced it. <see cref="Sequence"/> orders revisions in
/// the order they were superseded, so the Revisions list (newest first) pages like every other token list.
/// </summary>
public sealed class ObservationRevision
{
    public required string Content { get; init; }
    public required string Source { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required List<string> ConversationIds { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When this state was written (the create, or the PATCH before the one that replaced it).</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    public required long Sequence { get; init; }

    /// <summary>The state of <paramref name="observation"/> now, before a PATCH changes it.</summary>
    public static ObservationRevision Of(Observation observation, long sequence) => new()
    {
        Content = observation.Content,
        Source = observation.Source ?? "",
        OccurredAt = observation.OccurredAt,
        ConversationIds = [.. observation.ConversationIds],
        CreatedAt = observation.CreatedAt,
        UpdatedAt = observation.UpdatedAt ?? observation.CreatedAt,
        Sequence = sequence,
    };

    /// <summary>The observation's shape (<c>ObservationInfo</c>), with the observation's own id.</summary>
    public JsonObject Render(string observationId)
    {
        var body = new JsonObject { ["id"] = observationId, ["content"] = Content, ["source"] = Source, ["occurredAt"] = ApiJson.Iso8601(OccurredAt) };
        if (ConversationIds.Count > 0) body["conversationIds"] = new JsonArray([.. ConversationIds.Select(id => (JsonNode)id)]);
        body["createdAt"] = ApiJson.Iso8601(CreatedAt);
        body["updatedAt"] = ApiJson.Iso8601(UpdatedAt);
        return body;
    }
}
