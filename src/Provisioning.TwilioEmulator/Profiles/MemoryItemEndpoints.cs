using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// One observation or conversation summary of a profile (contract §12.3): fetch, patch, delete, and an observation's
/// revisions. An item still inside the consistency window is not found here either, as it is missing from its list.
/// A PATCH is answered 202 and applied at once (as profile writes are); each one that changes an observation keeps its
/// previous state as a revision. A DELETE is immediate and irreversible.
/// </summary>
public static class MemoryItemEndpoints
{
    private static readonly TokenListRules RevisionListRules = DataPlane.ListRules("revisions", MemoryEndpoints.MaxItemsPerPage);

    public static void MapMemoryItemEndpoints(this IEndpointRouteBuilder routes)
    {
        var profile = routes.MapGroup(DataPlane.ProfilesPath + "/{profileId}");
        profile.MapGet("/Observations/{observationId}", (HttpContext context, EmulatorState state, string storeId, string profileId, string observationId) =>
            Fetch(context, state, storeId, profileId, p => Find(p.Observations, observationId, state.Now), "Observations", observationId));
        profile.MapPatch("/Observations/{observationId}", PatchObservationAsync);
        profile.MapDelete("/Observations/{observationId}", (HttpContext context, EmulatorState state, string storeId, string profileId, string observationId) =>
            Delete(context, state, storeId, profileId, p => p.Observations, observationId, "Observations", "Observation deletion accepted"));
        profile.MapGet("/Observations/{observationId}/Revisions", ListRevisions);
        profile.MapGet("/ConversationSummaries/{summaryId}", (HttpContext context, EmulatorState state, string storeId, string profileId, string summaryId) =>
            Fetch(context, state, storeId, profileId, p => Find(p.Summaries, summaryId, state.Now), "ConversationSummaries", summaryId));
        profile.MapPatch("/ConversationSummaries/{summaryId}", PatchSummaryAsync);
        profile.MapDelete("/ConversationSummaries/{summaryId}", (HttpContext context, EmulatorState state, string storeId, string profileId, string summaryId) =>
            Delete(context, state, storeId, profileId, p => p.Summaries, summaryId, "ConversationSummaries", "Conversation summary deletion accepted"));
    }

    private static T? Find<T>(List<T> items, string id, DateTimeOffset now)
        where T : ProfileMemory => items.FirstOrDefault(m => m.Id == id && m.IsVisibleAt(now));

    private static ApiError ItemNotFound(string storeId, string profileId, string collection, string id) =>
        ApiError.NotFound($"The requested resource /v1/Stores/{storeId}/Profiles/{profileId}/{collection}/{id} was not found");

    private static IResult Fetch(
        HttpContext context, EmulatorState state, string storeId, string profileId, Func<Profile, ProfileMemory?> find, string collection, string id)
    {
        lock (state.Sync)
        {
            var (profile, error) = DataPlane.FindProfile(context, state, storeId, profileId);
            if (error is not null) return error;
            return find(profile!) is { } item
                ? new ApiResponse(StatusCodes.Status200OK, item.Render())
                : ItemNotFound(storeId, profileId, collection, id);
        }
    }

    private static IResult Delete<T>(
        HttpContext context, EmulatorState state, string storeId, string profileId, Func<Profile, List<T>> itemsOf, string id, string collection, string message)
        where T : ProfileMemory
    {
        lock (state.Sync)
        {
            var (profile, error) = DataPlane.FindProfile(context, state, storeId, profileId);
            if (error is not null) return error;
            var items = itemsOf(profile!);
            var item = Find(items, id, state.Now);
            if (item is null) return ItemNotFound(storeId, profileId, collection, id);
            items.Remove(item);
            return DataPlane.Accepted(message);
        }
    }

    // UpdateProfileObservation: {content?, source?, occurredAt?, conversationIds?}; nothing required (since 2026-05-01).
    private static Task<IResult> PatchObservationAsync(HttpContext context, EmulatorState state, string storeId, string profileId, string observationId) =>
        DataPlane.WithBodyAsync(context, state, storeId, profileId, body => ReadPatch(body, "content", "source", "occurredAt", "conversationIds"), (profile, patch) =>
        {
            var observation = Find(profile.Observations, observationId, state.Now);
            if (observation is null) return ItemNotFound(storeId, profileId, "Observations", observationId);
            if (patch.Count > 0)
            {
                observation.Revisions.Add(ObservationRevision.Of(observation, state.NextSequence()));
                Apply(observation, patch, state.Now);
                if (patch["conversationIds"] is JsonArray ids) observation.ConversationIds = [.. ids.Select(id => id!.GetValue<string>())];
            }

            return DataPlane.Accepted("Observation update accepted");
        });

    // UpdateProfileConversationSummary: {content?, source?, occurredAt?, conversationId?}.
    private static Task<IResult> PatchSummaryAsync(HttpContext context, EmulatorState state, string storeId, string profileId, string summaryId) =>
        DataPlane.WithBodyAsync(context, state, storeId, profileId, body => ReadPatch(body, "content", "source", "occurredAt", "conversationId"), (profile, patch) =>
        {
            var summary = Find(profile.Summaries, summaryId, state.Now);
            if (summary is null) return ItemNotFound(storeId, profileId, "ConversationSummaries", summaryId);
            if (patch.Count > 0)
            {
                Apply(summary, patch, state.Now);
                if (JsonValues.IsString(patch["conversationId"], out var conversationId)) summary.ConversationId = conversationId;
            }

            return DataPlane.Accepted("Conversation summary update accepted");
        });

    // ListObservationRevisions: every past state, newest first, at most 50 a page.
    private static IResult ListRevisions(HttpContext context, EmulatorState state, string storeId, string profileId, string observationId)
    {
        lock (state.Sync)
        {
            var (profile, error) = DataPlane.FindProfile(context, state, storeId, profileId);
            if (error is not null) return error;
            var observation = Find(profile!.Observations, observationId, state.Now);
            if (observation is null) return ItemNotFound(storeId, profileId, "Observations", observationId);
            return Paging.TokenList(context.Request.Query, observation.Revisions, r => r.Sequence, RevisionListRules, r => r.Render(observationId));
        }
    }

    private static void Apply(ProfileMemory item, JsonObject patch, DateTimeOffset now)
    {
        if (JsonValues.IsString(patch["content"], out var content)) item.Content = content;
        if (JsonValues.IsString(patch["source"], out var source)) item.Source = source;
        if (JsonValues.IsDateTime(patch["occurredAt"], out var occurredAt)) item.OccurredAt = occurredAt;
        item.UpdatedAt = now;
    }

    /// <summary>A patch body: only <paramref name="allowed"/> properties, each checked as on a create when it is given.</summary>
    private static (JsonObject? Patch, ApiError? Error) ReadPatch(JsonObject body, params string[] allowed)
    {
        var unknown = DataPlane.CheckOnly(body, allowed);
        if (unknown is not null) return (null, unknown);
        var problem = PatchProblem(body);
        return problem is null ? (body, null) : (null, ApiError.BadRequest(problem + "."));
    }

    private static string? PatchProblem(JsonObject body)
    {
        if (body.ContainsKey("content") && (!JsonValues.IsString(body["content"], out var content) || content.Length is < 1 or > MemoryEndpoints.MaxContentLength))
            return $"content must be a string of 1 to {MemoryEndpoints.MaxContentLength} characters";
        if (body.ContainsKey("source") && (!JsonValues.IsString(body["source"], out var source) || !MemoryEndpoints.IsSource(source)))
            return $"source must be 1 to {MemoryEndpoints.MaxSourceLength} characters matching ^[a-zA-Z0-9 _.-]+$";
        if (body.ContainsKey("occurredAt") && !JsonValues.IsDateTime(body["occurredAt"], out _))
            return "occurredAt must be an RFC 3339 date-time";
        if (body.ContainsKey("conversationId") && (!JsonValues.IsString(body["conversationId"], out var conversationId) || !Ids.IsConversationId(conversationId)))
            return "conversationId must match ^conv_conversation_[0-7][0-9a-z]{25}$";
        if (body.ContainsKey("conversationIds")
            && (body["conversationIds"] is not JsonArray ids || ids.Count > MemoryEndpoints.MaxConversationIds
                || ids.Any(id => !JsonValues.IsString(id, out var text) || !Ids.IsConversationId(text))))
            return $"conversationIds must be at most {MemoryEndpoints.MaxConversationIds} ids matching ^conv_conversation_[0-7][0-9a-z]{{25}}$";
        return null;
    }
}
