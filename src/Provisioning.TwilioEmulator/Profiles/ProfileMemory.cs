using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// What observations and conversation summaries share. Both are accepted with a 202 and indexed afterwards, so each
/// becomes readable (lists, Recall, the single-item routes) only at <see cref="VisibleAt"/>. A PATCH of the single-item
/// route changes the content in place (applied at once, like profile writes) and moves <see cref="UpdatedAt"/>.
/// </summary>
public abstract class ProfileMemory
{
    public required string Id { get; init; }
    public required string Content { get; set; }
    public string? Source { get; set; }
    public required DateTimeOffset OccurredAt { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the last PATCH was applied; null until one is.</summary>
    public DateTimeOffset? UpdatedAt { get; set; }
    public required DateTimeOffset VisibleAt { get; init; }
    public required long Sequence { get; init; }

    public bool IsVisibleAt(DateTimeOffset now) => VisibleAt <= now;

    /// <summary>The spec's <c>ObservationInfo</c> or <c>SummaryInfo</c>.</summary>
    public JsonObject Render()
    {
        var body = new JsonObject { ["id"] = Id, ["content"] = Content };
        if (Source is not null) body["source"] = Source;
        body["occurredAt"] = ApiJson.Iso8601(OccurredAt);
        AddConversations(body);
        body["createdAt"] = ApiJson.Iso8601(CreatedAt);
        body["updatedAt"] = ApiJson.Iso8601(UpdatedAt ?? CreatedAt);
        return body;
    }

    protected abstract void AddConversations(JsonObject body);
}
