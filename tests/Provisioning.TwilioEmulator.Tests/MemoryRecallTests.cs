using System.Net;
using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Tests;

public sealed class MemoryRecallTests(EmulatorFixture emulator) : DataPlaneTestBase(emulator)
{
    private const string ConversationA = "conv_conversation_00000000000000000000000001";
    private const string ConversationB = "conv_conversation_00000000000000000000000002";

    [Fact]
    public async Task Observations_are_invisible_to_lists_and_recall_until_the_consistency_window_has_passed()
    {
        await Emulator.UpdateSettingsAsync(new { DataPlaneConsistencyWindowMs = 2000 });
        var (storeId, profileId) = await CreateProfileAsync();

        var written = await WriteObservationsAsync(storeId, profileId, ("Prefers SMS over email", "2025-01-15T10:00:00Z"), ("Lives in Lisbon", "2025-01-16T10:00:00Z"));

        Assert.Equal(HttpStatusCode.Accepted, written.Status);
        Assert.Equal("Observations creation accepted", (string?)written.Body["message"]);
        Assert.Empty(Contents((await ListAsync(storeId, profileId, "Observations")).Body["observations"]));
        Assert.Empty(Contents((await RecallAsync(storeId, profileId, "{}")).Body["observations"]));
        var held = Assert.Single(await Emulator.GetProfilesAsync(storeId));
        Assert.Equal(2, held.Observations.Count);
        Assert.All(held.Observations, o => Assert.False(o.Visible));

        var listed = await PollUntilAsync(
            async () => Contents((await ListAsync(storeId, profileId, "Observations")).Body["observations"]),
            contents => contents.Count == 2,
            "the observations to become readable");
        Assert.Equal(["Lives in Lisbon", "Prefers SMS over email"], listed);
        Assert.Equal(2, Contents((await RecallAsync(storeId, profileId, "{}")).Body["observations"]).Count);
    }

    [Fact]
    public async Task Observations_and_summaries_list_newest_first_in_the_spec_shape_and_filter()
    {
        var (storeId, profileId) = await CreateProfileAsync();
        await CallAsync(HttpMethod.Post, ProfileUrl(storeId, profileId) + "/Observations", $$"""
            {"observations":[
              {"content":"First","source":"customer_service","occurredAt":"2025-01-15T10:00:00Z","conversationIds":["{{ConversationA}}"]},
              {"content":"Second","source":"chat transcript","occurredAt":"2025-01-15T11:00:00Z"}
            ]}
            """);
        await CallAsync(HttpMethod.Post, ProfileUrl(storeId, profileId) + "/ConversationSummaries", $$"""
            {"summaries":[
              {"content":"Billing call","conversationId":"{{ConversationA}}","occurredAt":"2025-01-15T10:30:00Z","source":"conversational_intelligence"},
              {"content":"Delivery chat","conversationId":"{{ConversationB}}","occurredAt":"2025-01-16T10:30:00Z"}
            ]}
            """);

        var observations = (await ListAsync(storeId, profileId, "Observations")).Body;
        Assert.Equal(["Second", "First"], Contents(observations["observations"]));
        var first = observations["observations"]![1]!;
        Assert.Matches("^mem_observation_[0-7][0-9a-z]{25}$", (string)first["id"]!);
        Assert.Equal(("customer_service", "2025-01-15T10:00:00Z"), ((string)first["source"]!, (string)first["occurredAt"]!));
        Assert.Equal([ConversationA], Strings(first["conversationIds"]));
        Assert.NotNull(first["createdAt"]);
        Assert.NotNull(first["updatedAt"]);
        Assert.Equal(("observations", 2), ((string)observations["meta"]!["key"]!, (int)observations["meta"]!["pageSize"]!));
        Assert.Equal(["First", "Second"], Contents((await ListAsync(storeId, profileId, "Observations", "orderBy=ASC")).Body["observations"]));
        Assert.Equal(["Second"], Contents((await ListAsync(storeId, profileId, "Observations", "source=chat%20transcript")).Body["observations"]));
        Assert.Equal(["First"], Contents((await ListAsync(storeId, profileId, "Observations", $"conversationId={ConversationA}")).Body["observations"]));
        Assert.Empty(Contents((await ListAsync(storeId, profileId, "Observations", "createdBefore=2020-01-01T00:00:00Z")).Body["observations"]));
        var page = (await ListAsync(storeId, profileId, "Observations", "pageSize=1")).Body;
        Assert.Equal(["Second"], Contents(page["observations"]));
        Assert.Equal(["First"], Contents((await ListAsync(storeId, profileId, "Observations", $"pageSize=1&pageToken={page["meta"]!["nextToken"]}")).Body["observations"]));

        var summaries = (await ListAsync(storeId, profileId, "ConversationSummaries")).Body;
        Assert.Equal(["Delivery chat", "Billing call"], Contents(summaries["summaries"]));
        var billing = summaries["summaries"]![1]!;
        Assert.Matches("^mem_summary_[0-7][0-9a-z]{25}$", (string)billing["id"]!);
        Assert.Equal((ConversationA, "conversational_intelligence"), ((string)billing["conversationId"]!, (string)billing["source"]!));
        Assert.Equal(["Delivery chat"], Contents((await ListAsync(storeId, profileId, "ConversationSummaries", $"conversationId={ConversationB}")).Body["summaries"]));

        AssertError(HttpStatusCode.BadRequest, await ListAsync(storeId, profileId, "Observations", "conversationId=conv_1"));
        AssertError(HttpStatusCode.BadRequest, await ListAsync(storeId, profileId, "Observations", "createdAfter=yesterday"));
        AssertError(HttpStatusCode.BadRequest, await ListAsync(storeId, profileId, "Observations", "source=%3Cscript%3E"));
        AssertError(HttpStatusCode.BadRequest, await ListAsync(storeId, profileId, "ConversationSummaries", "pageSize=1001"));
    }

    [Fact]
    public async Task Memory_writes_are_validated_as_the_spec_says()
    {
        var (storeId, profileId) = await CreateProfileAsync();
        var observations = ProfileUrl(storeId, profileId) + "/Observations";
        var summaries = ProfileUrl(storeId, profileId) + "/ConversationSummaries";
        var item = """{"content":"x","source":"api","occurredAt":"2025-01-15T10:00:00Z"}""";

        Assert.Equal(HttpStatusCode.Accepted, (await CallAsync(HttpMethod.Post, observations, $"{{\"observations\":[{string.Join(",", Enumerable.Repeat(item, 10))}]}}")).Status);
        foreach (var invalid in new[]
        {
            """{"observations":[]}""",
            $"{{\"observations\":[{string.Join(",", Enumerable.Repeat(item, 11))}]}}",
            """{"observations":[{"content":"x","occurredAt":"2025-01-15T10:00:00Z"}]}""",
            """{"observations":[{"content":"x","source":"api"}]}""",
            """{"observations":[{"content":"","source":"api","occurredAt":"2025-01-15T10:00:00Z"}]}""",
            $$"""{"observations":[{"content":"{{new string('x', 4097)}}","source":"api","occurredAt":"2025-01-15T10:00:00Z"}]}""",
            """{"observations":[{"content":"x","source":"<api>","occurredAt":"2025-01-15T10:00:00Z"}]}""",
            """{"observations":[{"content":"x","source":"api","occurredAt":"15/01/2025"}]}""",
            """{"observations":[{"content":"x","source":"api","occurredAt":"2025-01-15T10:00:00Z","conversationIds":["conv_1"]}]}""",
            $"{{\"observations\":[{item}],\"extra\":true}}",
        })
        {
            AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Post, observations, invalid));
        }

        Assert.Equal(HttpStatusCode.Accepted, (await CallAsync(HttpMethod.Post, summaries,
            $$"""{"summaries":[{"content":"Recap","conversationId":"{{ConversationA}}","occurredAt":"2025-01-15T10:00:00Z"}]}""")).Status);
        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Post, summaries, """{"summaries":[{"content":"Recap","occurredAt":"2025-01-15T10:00:00Z"}]}"""));
        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Post, summaries, """{"observations":[]}"""));
        var held = Assert.Single(await Emulator.GetProfilesAsync(storeId));
        Assert.Equal((10, 1), (held.Observations.Count, held.Summaries.Count));
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Post, ProfileUrl(storeId, "mem_profile_00000000000000000000000000") + "/Observations",
            $"{{\"observations\":[{item}]}}"));
    }

    [Fact]
    public async Task Recall_with_a_query_ranks_observations_and_summaries_by_relevance_and_honours_the_threshold_and_limits()
    {
        var (storeId, profileId) = await CreateProfileAsync();
        await WriteObservationsAsync(storeId, profileId,
            ("Customer prefers email contact about billing", "2025-01-20T10:00:00Z"),
            ("Customer loves hiking and outdoor gear", "2025-01-21T10:00:00Z"),
            ("Billing dispute resolved; customer refunded for a double billing charge", "2025-01-10T10:00:00Z"));
        await CallAsync(HttpMethod.Post, ProfileUrl(storeId, profileId) + "/ConversationSummaries", $$"""
            {"summaries":[
              {"content":"Call about a billing dispute over charges","conversationId":"{{ConversationA}}","occurredAt":"2025-01-11T10:00:00Z"},
              {"content":"Chat about hiking boots sizes","conversationId":"{{ConversationB}}","occurredAt":"2025-01-22T10:00:00Z"}
            ]}
            """);

        var ranked = (await RecallAsync(storeId, profileId, """{"query":"billing dispute"}""")).Body;

        Assert.Equal(
            ["Billing dispute resolved; customer refunded for a double billing charge", "Customer prefers email contact about billing"],
            Contents(ranked["observations"]));
        var scores = ranked["observations"]!.AsArray().Select(o => (double)o!["score"]!).ToList();
        Assert.True(scores[0] > scores[1], $"scores {string.Join(", ", scores)}");
        Assert.All(scores, score => Assert.InRange(score, 0.0001, 1));
        Assert.Equal(["Call about a billing dispute over charges"], Contents(ranked["summaries"]));
        Assert.Equal(ConversationA, (string?)ranked["summaries"]![0]!["conversationId"]);
        Assert.Empty(ranked["communications"]!.AsArray());
        Assert.NotNull(ranked["meta"]!["queryTime"]);

        var strict = (await RecallAsync(storeId, profileId, """{"query":"billing dispute","relevanceThreshold":0.6}""")).Body;
        Assert.Equal(["Billing dispute resolved; customer refunded for a double billing charge"], Contents(strict["observations"]));
        var limited = (await RecallAsync(storeId, profileId, """{"query":"billing dispute","observationsLimit":1,"summariesLimit":0}""")).Body;
        Assert.Equal(["Billing dispute resolved; customer refunded for a double billing charge"], Contents(limited["observations"]));
        Assert.Empty(limited["summaries"]!.AsArray());
        var hiking = (await RecallAsync(storeId, profileId, """{"query":"Hiking boots"}""")).Body;
        Assert.Equal(["Customer loves hiking and outdoor gear"], Contents(hiking["observations"]));
        Assert.Equal(["Chat about hiking boots sizes"], Contents(hiking["summaries"]));
    }

    [Fact]
    public async Task Recall_without_a_query_returns_the_most_recent_memories_without_scores_within_the_dates_and_default_limits()
    {
        var (storeId, profileId) = await CreateProfileAsync();
        var observations = Enumerable.Range(1, 22).Select(day => ($"Observation of day {day}", $"2025-01-{day:00}T10:00:00Z")).ToArray();
        await WriteObservationsAsync(storeId, profileId, observations[..10]);
        await WriteObservationsAsync(storeId, profileId, observations[10..20]);
        await WriteObservationsAsync(storeId, profileId, observations[20..]);
        var summaries = new JsonArray([.. Enumerable.Range(1, 7).Select(day => (JsonNode)new JsonObject
        {
            ["content"] = $"Summary of day {day}",
            ["conversationId"] = ConversationA,
            ["occurredAt"] = $"2025-02-{day:00}T10:00:00Z",
        })]);
        await CallAsync(HttpMethod.Post, ProfileUrl(storeId, profileId) + "/ConversationSummaries", new JsonObject { ["summaries"] = summaries }.ToJsonString());

        var recent = (await RecallAsync(storeId, profileId, "{}")).Body;

        Assert.Equal(Enumerable.Range(3, 20).Reverse().Select(day => $"Observation of day {day}"), Contents(recent["observations"]));
        Assert.Equal(Enumerable.Range(3, 5).Reverse().Select(day => $"Summary of day {day}"), Contents(recent["summaries"]));
        Assert.All(recent["observations"]!.AsArray(), o => Assert.Null(o!["score"]));
        Assert.Empty(recent["communications"]!.AsArray());

        // A conversationId alone gives no query to infer from in the emulator: still most recent first.
        var windowed = (await RecallAsync(storeId, profileId,
            $$"""{"conversationId":"{{ConversationA}}","beginDate":"2025-01-05T00:00:00Z","endDate":"2025-01-08T10:00:00Z","observationsLimit":100,"summariesLimit":100}""")).Body;
        Assert.Equal(["Observation of day 7", "Observation of day 6", "Observation of day 5"], Contents(windowed["observations"]));
        Assert.Empty(windowed["summaries"]!.AsArray());
    }

    [Fact]
    public async Task Recall_request_fields_are_validated()
    {
        var (storeId, profileId) = await CreateProfileAsync();
        foreach (var invalid in new[]
        {
            """{"observationsLimit":101}""",
            """{"observationsLimit":-1}""",
            """{"summariesLimit":"5"}""",
            """{"summariesLimit":2.5}""",
            """{"communicationsLimit":101}""",
            """{"relevanceThreshold":1.5}""",
            """{"relevanceThreshold":-0.1}""",
            $$"""{"query":"{{new string('q', 1025)}}"}""",
            """{"query":42}""",
            """{"conversationId":"conversation-1"}""",
            """{"beginDate":"last week"}""",
            """{"endDate":"2025-13-01"}""",
        })
        {
            AssertError(HttpStatusCode.BadRequest, await RecallAsync(storeId, profileId, invalid));
        }

        Assert.Equal(HttpStatusCode.OK, (await RecallAsync(storeId, profileId, """{"observationsLimit":100,"summariesLimit":100,"communicationsLimit":100,"relevanceThreshold":1,"query":""}""")).Status);
        AssertError(HttpStatusCode.NotFound, await RecallAsync(storeId, "mem_profile_00000000000000000000000000", "{}"));
    }

    private async Task<(string StoreId, string ProfileId)> CreateProfileAsync()
    {
        var storeId = await CreateStoreAsync();
        return (storeId, await CreateProfileAsync(storeId, """{"Contact":{"phone":"+13175551234"}}"""));
    }

    private Task<(HttpStatusCode Status, JsonObject Body)> WriteObservationsAsync(
        string storeId, string profileId, params (string Content, string OccurredAt)[] observations) =>
        CallAsync(HttpMethod.Post, ProfileUrl(storeId, profileId) + "/Observations", new JsonObject
        {
            ["observations"] = new JsonArray([.. observations.Select(o => (JsonNode)new JsonObject
            {
                ["content"] = o.Content,
                ["source"] = "customer_service",
                ["occurredAt"] = o.OccurredAt,
            })]),
        }.ToJsonString());

    private Task<(HttpStatusCode Status, JsonObject Body)> ListAsync(string storeId, string profileId, string list, string query = "") =>
        CallAsync(HttpMethod.Get, $"{ProfileUrl(storeId, profileId)}/{list}?{query}");

    private Task<(HttpStatusCode Status, JsonObject Body)> RecallAsync(string storeId, string profileId, string json) =>
        CallAsync(HttpMethod.Post, ProfileUrl(storeId, profileId) + "/Recall", json);
}
