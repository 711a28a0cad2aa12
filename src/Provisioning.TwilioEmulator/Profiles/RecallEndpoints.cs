using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// Recall (<c>POST …/Profiles/{id}/Recall</c>, contract §11) over the profile's readable observations and summaries.
/// With a query, memories are ranked by <see cref="LexicalRelevance"/>, best first, and carry a <c>score</c>; memories
/// sharing no term with the query, or scoring under <c>relevanceThreshold</c>, are left out. Without a query (or with one
/// that has no searchable word) they come most recent first and without scores, which is also what the spec says
/// happens when no query can be inferred from a <c>conversationId</c>: the emulator has no conversation to infer from.
/// </summary>
public static class RecallEndpoints
{
    public static void MapRecallEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapPost(DataPlane.ProfilesPath + "/{profileId}/Recall", RecallAsync);

    private static Task<IResult> RecallAsync(HttpContext context, EmulatorState state, string storeId, string profileId)
    {
        var started = Stopwatch.GetTimestamp();
        return DataPlane.WithBodyAsync(context, state, storeId, profileId, RecallRequest.Read, (profile, request) =>
        {
            var now = state.Now;
            var observations = profile.Observations.Where(o => o.IsVisibleAt(now) && request.Covers(o)).ToList();
            var summaries = profile.Summaries.Where(s => s.IsVisibleAt(now) && request.Covers(s)).ToList();
            var terms = LexicalRelevance.Terms(request.Query ?? "");
            JsonArray rankedObservations, rankedSummaries;
            if (terms.Count == 0)
            {
                rankedObservations = MostRecent(observations, request.ObservationsLimit);
                rankedSummaries = MostRecent(summaries, request.SummariesLimit);
            }
            else
            {
                // One corpus for both kinds, so their scores are comparable.
                var scores = LexicalRelevance.Score(terms, [.. observations.Select(o => o.Content), .. summaries.Select(s => s.Content)]);
                rankedObservations = MostRelevant(observations, scores.Take(observations.Count), request.RelevanceThreshold, request.ObservationsLimit);
                rankedSummaries = MostRelevant(summaries, scores.Skip(observations.Count), request.RelevanceThreshold, request.SummariesLimit);
            }

            return new ApiResponse(StatusCodes.Status200OK, new JsonObject
            {
                ["observations"] = rankedObservations,
                ["summaries"] = rankedSummaries,
                // The emulator holds no conversations, so there is never session memory to return.
                ["communications"] = new JsonArray(),
                ["meta"] = new JsonObject { ["queryTime"] = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds },
            });
        });
    }

    private static JsonArray MostRecent<T>(IEnumerable<T> memories, int limit) where T : ProfileMemory =>
        [.. memories.OrderByDescending(m => m.OccurredAt).ThenByDescending(m => m.Sequence).Take(limit).Select(m => (JsonNode)m.Render())];

    private static JsonArray MostRelevant<T>(IEnumerable<T> memories, IEnumerable<double> scores, double threshold, int limit) where T : ProfileMemory =>
        [.. memories.Zip(scores)
            .Where(pair => pair.Second > 0 && pair.Second >= threshold)
            .OrderByDescending(pair => pair.Second)
            .ThenByDescending(pair => pair.First.OccurredAt)
            .ThenByDescending(pair => pair.First.Sequence)
            .Take(limit)
            .Select(pair =>
            {
                var rendered = pair.First.Render();
                rendered["score"] = pair.Second;
                return (JsonNode)rendered;
            })];
}
