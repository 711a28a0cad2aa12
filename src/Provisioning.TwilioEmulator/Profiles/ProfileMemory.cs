using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// What observations and conversation summaries share. Both are accepted with a 202 and indexed afterwards, so each
/// becomes readable (lists, Recall) only at <see cref="VisibleAt"/>.
/// </summary>
public abstract class ProfileMemory
{
    public required string Id { get; init; }
    public required string Content { get; init; }
    public string? Source { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
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
        // Nothing updates a memory in the emulator (the single-item PATCH routes are not emulated).
        body["updatedAt"] = ApiJson.Iso8601(CreatedAt);
        return body;
    }

    protected abstract void AddConversations(JsonObject body);
}
