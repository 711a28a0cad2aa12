using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// Observations and conversation summaries of a profile (contract §11): batches of 1 to 10, answered 202, and
/// readable (lists, Recall) only once <see cref="EmulatorOptions.DataPlaneConsistencyWindowMs"/> has passed.
/// </summary>
public static partial class MemoryEndpoints
{
    private const int MaxBatch = 10;
    internal const int MaxContentLength = 4096;
    internal const int MaxSourceLength = 100;
    internal const int MaxConversationIds = 10;

    // Both list schemas cap a page at 50 items, below the 1,000 the shared pageSize parameter accepts.
    internal const int MaxItemsPerPage = 50;

    private static readonly MemoryKind<Observation> Observations = new(
        "observations",
        "Observations creation accepted",
        ValidateObservation,
        (item, stamp) => new Observation
        {
            Id = Ids.NewObservationId(),
            Content = item["content"]!.GetValue<string>(),
            Source = item["source"]!.GetValue<string>(),
            OccurredAt = OccurredAt(item),
            ConversationIds = [.. item["conversationIds"]?.AsArray().Select(id => id!.GetValue<string>()) ?? []],
            CreatedAt = stamp.CreatedAt,
            VisibleAt = stamp.VisibleAt,
            Sequence = stamp.Sequence,
        },
        profile => profile.Observations,
        ParseObservationFilter);

    private static readonly MemoryKind<ConversationSummary> Summaries = new(
        "summaries",
        "Summaries creation accepted",
        ValidateSummary,
        (item, stamp) => new ConversationSummary
        {
            Id = Ids.NewSummaryId(),
            Content = item["content"]!.GetValue<string>(),
            Source = item["source"]?.GetValue<string>(),
            OccurredAt = OccurredAt(item),
            ConversationId = item["conversationId"]!.GetValue<string>(),
            CreatedAt = stamp.CreatedAt,
            VisibleAt = stamp.VisibleAt,
            Sequence = stamp.Sequence,
        },
        profile => profile.Summaries,
        query => ParseConversationFilter(query, (ConversationSummary summary, string id) => summary.ConversationId == id));

    public static void MapMemoryEndpoints(this IEndpointRouteBuilder routes)
    {
        var profile = routes.MapGroup(DataPlane.ProfilesPath + "/{profileId}");
        profile.MapPost("/Observations", (HttpContext context, EmulatorState state, string storeId, string profileId) =>
            WriteAsync(context, state, storeId, profileId, Observations));
        profile.MapGet("/Observations", (HttpContext context, EmulatorState state, string storeId, string profileId) =>
            List(context, state, storeId, profileId, Observations));
        profile.MapPost("/ConversationSummaries", (HttpContext context, EmulatorState state, string storeId, string profileId) =>
            WriteAsync(context, state, storeId, profileId, Summaries));
        profile.MapGet("/ConversationSummaries", (HttpContext context, EmulatorState state, string storeId, string profileId) =>
            List(context, state, storeId, profileId, Summaries));
    }

    /// <summary>A source as both schemas allow it: letters, digits, spaces and <c>_ . -</c>.</summary>
    public static bool IsSource(string value) => value.Length is >= 1 and <= MaxSourceLength && SourcePattern().IsMatch(value);

    // CreateProfileObservation / CreateProfileConversationSummary: {key: [1..10 items]} and nothing else.
    private static Task<IResult> WriteAsync<T>(HttpContext context, EmulatorState state, string storeId, string profileId, MemoryKind<T> kind)
        where T : ProfileMemory =>
        DataPlane.WithBodyAsync(context, state, storeId, profileId, body => ReadBatch(body, kind), (profile, items) =>
        {
            var now = state.Now;
            var visibleAt = now.AddMilliseconds(state.Settings.Current.DataPlaneConsistencyWindowMs);
            kind.ItemsOf(profile).AddRange(items.Select(item => kind.Create(item, new MemoryStamp(now, visibleAt, state.NextSequence()))));
            return DataPlane.Accepted(kind.AcceptedMessage);
        });

    private static (List<JsonObject>? Items, ApiError? Error) ReadBatch<T>(JsonObject body, MemoryKind<T> kind)
        where T : ProfileMemory
    {
        var unknown = DataPlane.CheckOnly(body, kind.Key);
        if (unknown is not null) return (null, unknown);
        if (body[kind.Key] is not JsonArray items || items.Count is < 1 or > MaxBatch)
        {
            return (null, ApiError.BadRequest($"{kind.Key} must be a list of 1 to {MaxBatch} items."));
        }

        for (var i = 0; i < items.Count; i++)
        {
            var problem = items[i] is JsonObject item ? kind.Validate(item) : "must be an object";
            if (problem is not null) return (null, ApiError.BadRequest($"{kind.Key}[{i}] {problem}."));
        }

        return ([.. items.Select(item => item!.AsObject())], null);
    }

    // ListProfileObservations / ListProfileConversationSummaries: newest first by default, visible items only.
    private static IResult List<T>(HttpContext context, EmulatorState state, string storeId, string profileId, MemoryKind<T> kind)
        where T : ProfileMemory
    {
        var (filter, filterError) = kind.ParseFilter(context.Request.Query);
        if (filterError is not null) return filterError;
        lock (state.Sync)
        {
            var (profile, error) = DataPlane.FindProfile(context, state, storeId, profileId);
            if (error is not null) return error;
            var now = state.Now;
            var visible = kind.ItemsOf(profile!).Where(m => m.IsVisibleAt(now) && filter!(m));
            return Paging.TokenList(context.Request.Query, visible, m => m.Sequence, DataPlane.ListRules(kind.Key, MaxItemsPerPage), m => m.Render());
        }
    }

    // ObservationCreateRequest: content, source and occurredAt required; up to 10 conversation ids.
    private static string? ValidateObservation(JsonObject item)
    {
        if (!JsonValues.IsString(item["source"], out var source) || !IsSource(source))
        {
            return $"source is required: 1 to {MaxSourceLength} characters matching ^[a-zA-Z0-9 _.-]+$";
        }

        if (item["conversationIds"] is { } ids
            && (ids is not JsonArray list || list.Count > MaxConversationIds || list.Any(id => !JsonValues.IsString(id, out var text) || !Ids.IsConversationId(text))))
        {
            return $"conversationIds must be at most {MaxConversationIds} ids matching ^conv_conversation_[0-7][0-9a-z]{{25}}$";
        }

        return ValidateContentAndTime(item);
    }

    // SummaryCore: content, conversationId and occurredAt required; source optional.
    private static string? ValidateSummary(JsonObject item)
    {
        if (!JsonValues.IsString(item["conversationId"], out var conversationId) || !Ids.IsConversationId(conversationId))
        {
            return "conversationId is required and must match ^conv_conversation_[0-7][0-9a-z]{25}$";
        }

        if (item["source"] is { } source && (!JsonValues.IsString(source, out var text) || !IsSource(text)))
        {
            return $"source must be 1 to {MaxSourceLength} characters matching ^[a-zA-Z0-9 _.-]+$";
        }

        return ValidateContentAndTime(item);
    }

    private static string? ValidateContentAndTime(JsonObject item)
    {
        if (!JsonValues.IsString(item["content"], out var content) || content.Length is < 1 or > MaxContentLength)
        {
            return $"content is required: a string of 1 to {MaxContentLength} characters";
        }

        return JsonValues.IsDateTime(item["occurredAt"], out _) ? null : "occurredAt is required: an RFC 3339 date-time";
    }

    private static DateTimeOffset OccurredAt(JsonObject item)
    {
        JsonValues.IsDateTime(item["occurredAt"], out var occurredAt);
        return occurredAt;
    }

    // source, createdAfter (inclusive), createdBefore (exclusive) and conversationId, all optional.
    private static (Func<Observation, bool>? Filter, ApiError? Error) ParseObservationFilter(IQueryCollection query)
    {
        var (byConversation, conversationError) = ParseConversationFilter(query, (Observation o, string id) => o.ConversationIds.Contains(id));
        if (conversationError is not null) return (null, conversationError);
        var source = query["source"].FirstOrDefault();
        if (source is not null && !IsSource(source)) return (null, ApiError.BadRequest($"source must be 1 to {MaxSourceLength} characters matching ^[a-zA-Z0-9 _.-]+$."));
        var (after, afterError) = ParseTime(query, "createdAfter");
        var (before, beforeError) = ParseTime(query, "createdBefore");
        if ((afterError ?? beforeError) is { } timeError) return (null, timeError);
        return (o => byConversation!(o)
            && (source is null || o.Source == source)
            && (after is null || o.CreatedAt >= after)
            && (before is null || o.CreatedAt < before), null);
    }

    private static (Func<T, bool>? Filter, ApiError? Error) ParseConversationFilter<T>(IQueryCollection query, Func<T, string, bool> belongsTo)
    {
        var conversationId = query["conversationId"].FirstOrDefault();
        if (conversationId is null) return (_ => true, null);
        return Ids.IsConversationId(conversationId)
            ? (item => belongsTo(item, conversationId), null)
            : (null, ApiError.BadRequest("conversationId must match ^conv_conversation_[0-7][0-9a-z]{25}$."));
    }

    private static (DateTimeOffset? Value, ApiError? Error) ParseTime(IQueryCollection query, string name)
    {
        var raw = query[name].FirstOrDefault();
        if (raw is null) return (null, null);
        return JsonValues.IsDateTime(raw, out var value) ? (value, null) : (null, ApiError.BadRequest($"{name} must be an RFC 3339 date-time."));
    }

    [GeneratedRegex(@"^[a-zA-Z0-9 _.-]+\z")]
    private static partial Regex SourcePattern();
}
