using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// A checked <c>MemoryRetrievalRequest</c> with the spec's defaults filled in. Unknown properties are ignored, since
/// the schema does not forbid them.
/// </summary>
public sealed record RecallRequest(
    string? Query,
    string? ConversationId,
    DateTimeOffset? BeginDate,
    DateTimeOffset? EndDate,
    int ObservationsLimit,
    int SummariesLimit,
    int CommunicationsLimit,
    double RelevanceThreshold)
{
    private const int MaxQueryLength = 1024;
    private const int MaxLimit = 100;

    public static (RecallRequest? Request, ApiError? Error) Read(JsonObject body)
    {
        var query = body["query"];
        if (query is not null && (!JsonValues.IsString(query, out var text) || text.Length > MaxQueryLength))
        {
            return (null, ApiError.BadRequest($"query must be a string of at most {MaxQueryLength} characters."));
        }

        var conversationId = body["conversationId"];
        if (conversationId is not null && (!JsonValues.IsString(conversationId, out var id) || !Ids.IsConversationId(id)))
        {
            return (null, ApiError.BadRequest("conversationId must match ^conv_conversation_[0-7][0-9a-z]{25}$."));
        }

        var (beginDate, beginError) = ReadDate(body, "beginDate");
        var (endDate, endError) = ReadDate(body, "endDate");
        var (observations, observationsError) = ReadLimit(body, "observationsLimit", 20);
        var (summaries, summariesError) = ReadLimit(body, "summariesLimit", 5);
        var (communications, communicationsError) = ReadLimit(body, "communicationsLimit", 0);
        var error = beginError ?? endError ?? observationsError ?? summariesError ?? communicationsError;
        if (error is not null) return (null, error);

        var threshold = 0.0;
        if (body["relevanceThreshold"] is { } raw && (!JsonValues.IsNumber(raw, out threshold) || threshold is < 0 or > 1))
        {
            return (null, ApiError.BadRequest("relevanceThreshold must be a number between 0 and 1."));
        }

        return (new RecallRequest(
            query?.GetValue<string>(), conversationId?.GetValue<string>(), beginDate, endDate, observations, summaries, communications, threshold), null);
    }

    /// <summary>beginDate is inclusive, endDate exclusive, both on when the memory occurred.</summary>
    public bool Covers(ProfileMemory memory) =>
        (BeginDate is null || memory.OccurredAt >= BeginDate) && (EndDate is null || memory.OccurredAt < EndDate);

    private static (DateTimeOffset? Value, ApiError? Error) ReadDate(JsonObject body, string name)
    {
        if (body[name] is null) return (null, null);
        return JsonValues.IsDateTime(body[name], out var value) ? (value, null) : (null, ApiError.BadRequest($"{name} must be an RFC 3339 date-time."));
    }

    private static (int Value, ApiError? Error) ReadLimit(JsonObject body, string name, int defaultValue)
    {
        if (body[name] is null) return (defaultValue, null);
        return JsonValues.IsInteger(body[name], out var value) && value is >= 0 and <= MaxLimit
            ? ((int)value, null)
            : (0, ApiError.BadRequest($"{name} must be an integer between 0 and {MaxLimit}."));
    }
}
