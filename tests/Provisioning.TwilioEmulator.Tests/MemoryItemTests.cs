using System.Net;
using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Tests;

/// <summary>One observation or summary (contract §12.3): fetch, patch with revisions kept, delete; compressed answers (P15).</summary>
public sealed class MemoryItemTests(EmulatorFixture emulator) : DataPlaneTestBase(emulator)
{
    private const string ConversationA = "conv_conversation_00000000000000000000000001";
    private const string ConversationB = "conv_conversation_00000000000000000000000002";

    [Fact]
    public async Task An_observation_is_fetched_patched_with_its_past_states_kept_newest_first_and_deleted()
    {
        var (storeId, profileId) = await ProfileAsync();
        await CallAsync(HttpMethod.Post, ProfileUrl(storeId, profileId) + "/Observations",
            $$"""{"observations":[{"content":"Likes tea","source":"chat","occurredAt":"2025-01-15T10:00:00Z","conversationIds":["{{ConversationA}}"]}]}""");
        var id = (string)(await CallAsync(HttpMethod.Get, ProfileUrl(storeId, profileId) + "/Observations")).Body["observations"]![0]!["id"]!;
        var url = $"{ProfileUrl(storeId, profileId)}/Observations/{id}";

        var fetched = await CallAsync(HttpMethod.Get, url);
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal((id, "Likes tea", "chat"), ((string)fetched.Body["id"]!, (string)fetched.Body["content"]!, (string)fetched.Body["source"]!));

        var patched = await CallAsync(HttpMethod.Patch, url, """{"content":"Likes green tea"}""");
        await CallAsync(HttpMethod.Patch, url, $$"""{"content":"Likes coffee","conversationIds":["{{ConversationB}}"]}""");

        Assert.Equal((HttpStatusCode.Accepted, "Observation update accepted"), (patched.Status, (string?)patched.Body["message"]));
        var current = (await CallAsync(HttpMethod.Get, url)).Body;
        Assert.Equal(("Likes coffee", "chat"), ((string)current["content"]!, (string)current["source"]!));
        Assert.Equal([ConversationB], Strings(current["conversationIds"]));
        var revisions = (await CallAsync(HttpMethod.Get, url + "/Revisions")).Body;
        Assert.Equal(["Likes green tea", "Likes tea"], Contents(revisions["revisions"]));
        Assert.All(revisions["revisions"]!.AsArray(), r => Assert.Equal(id, (string)r!["id"]!));
        Assert.Equal(("revisions", 2), ((string)revisions["meta"]!["key"]!, (int)revisions["meta"]!["pageSize"]!));
        var firstPage = (await CallAsync(HttpMethod.Get, url + "/Revisions?pageSize=1")).Body;
        Assert.Equal(["Likes green tea"], Contents(firstPage["revisions"]));
        Assert.NotNull(firstPage["meta"]!["nextToken"]);

        var deleted = await CallAsync(HttpMethod.Delete, url);
        Assert.Equal((HttpStatusCode.Accepted, "Observation deletion accepted"), (deleted.Status, (string?)deleted.Body["message"]));
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Get, url));
        Assert.Empty(Contents((await CallAsync(HttpMethod.Get, ProfileUrl(storeId, profileId) + "/Observations")).Body["observations"]));
    }

    [Fact]
    public async Task Revisions_come_at_most_50_a_page_whatever_pageSize_asks()
    {
        var (storeId, profileId) = await ProfileAsync();
        await CallAsync(HttpMethod.Post, ProfileUrl(storeId, profileId) + "/Observations",
            """{"observations":[{"content":"v0","source":"chat","occurredAt":"2025-01-15T10:00:00Z"}]}""");
        var id = (string)(await CallAsync(HttpMethod.Get, ProfileUrl(storeId, profileId) + "/Observations")).Body["observations"]![0]!["id"]!;
        var url = $"{ProfileUrl(storeId, profileId)}/Observations/{id}";
        for (var i = 1; i <= 55; i++) await CallAsync(HttpMethod.Patch, url, $$"""{"content":"v{{i}}"}""");

        var page = (await CallAsync(HttpMethod.Get, url + "/Revisions?pageSize=1000")).Body;

        Assert.Equal(50, page["revisions"]!.AsArray().Count);
        Assert.Equal("v54", Contents(page["revisions"])[0]);
        var rest = (await CallAsync(HttpMethod.Get, $"{url}/Revisions?pageSize=1000&pageToken={Uri.EscapeDataString((string)page["meta"]!["nextToken"]!)}")).Body;
        Assert.Equal(5, rest["revisions"]!.AsArray().Count);
        Assert.Equal("v0", Contents(rest["revisions"])[^1]);
    }

    [Fact]
    public async Task A_summary_is_fetched_patched_and_deleted_and_bad_patches_are_400s()
    {
        var (storeId, profileId) = await ProfileAsync();
        await CallAsync(HttpMethod.Post, ProfileUrl(storeId, profileId) + "/ConversationSummaries",
            $$"""{"summaries":[{"content":"Billing call","conversationId":"{{ConversationA}}","occurredAt":"2025-01-15T10:30:00Z"}]}""");
        var id = (string)(await CallAsync(HttpMethod.Get, ProfileUrl(storeId, profileId) + "/ConversationSummaries")).Body["summaries"]![0]!["id"]!;
        var url = $"{ProfileUrl(storeId, profileId)}/ConversationSummaries/{id}";

        var patched = await CallAsync(HttpMethod.Patch, url, $$"""{"content":"Billing call, refund agreed","conversationId":"{{ConversationB}}"}""");

        Assert.Equal((HttpStatusCode.Accepted, "Conversation summary update accepted"), (patched.Status, (string?)patched.Body["message"]));
        var current = (await CallAsync(HttpMethod.Get, url)).Body;
        Assert.Equal(("Billing call, refund agreed", ConversationB), ((string)current["content"]!, (string)current["conversationId"]!));
        Assert.NotNull(current["updatedAt"]);
        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Patch, url, """{"content":""}"""));
        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Patch, url, """{"conversationId":"conv_1"}"""));
        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Patch, url, """{"conversationIds":[]}"""));
        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Patch, $"{ProfileUrl(storeId, profileId)}/ConversationSummaries/{id}", """{"source":"bad/source"}"""));

        var deleted = await CallAsync(HttpMethod.Delete, url);
        Assert.Equal((HttpStatusCode.Accepted, "Conversation summary deletion accepted"), (deleted.Status, (string?)deleted.Body["message"]));
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Get, url));
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Delete, url));
    }

    [Fact]
    public async Task An_item_inside_the_consistency_window_or_of_another_profile_is_not_found()
    {
        var (storeId, profileId) = await ProfileAsync();
        var otherProfile = await CreateProfileAsync(storeId, """{"Contact":{"email":"other@example.com"}}""");
        await CallAsync(HttpMethod.Post, ProfileUrl(storeId, profileId) + "/Observations",
            """{"observations":[{"content":"Visible","source":"chat","occurredAt":"2025-01-15T10:00:00Z"}]}""");
        var id = (string)(await CallAsync(HttpMethod.Get, ProfileUrl(storeId, profileId) + "/Observations")).Body["observations"]![0]!["id"]!;
        await Emulator.UpdateSettingsAsync(new { DataPlaneConsistencyWindowMs = 60_000 });
        await CallAsync(HttpMethod.Post, ProfileUrl(storeId, profileId) + "/Observations",
            """{"observations":[{"content":"Not yet","source":"chat","occurredAt":"2025-01-15T11:00:00Z"}]}""");
        var hidden = Assert.Single((await Emulator.GetProfilesAsync(storeId)).Single(p => p.Id == profileId).Observations, o => !o.Visible);

        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Get, $"{ProfileUrl(storeId, profileId)}/Observations/{(string)hidden.Memory["id"]!}"));
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Get, $"{ProfileUrl(storeId, otherProfile)}/Observations/{id}"));
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Delete, $"{ProfileUrl(storeId, otherProfile)}/Observations/{id}"));
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(HttpMethod.Get, $"{ProfileUrl(storeId, profileId)}/Observations/{id}")).Status);
    }

    [Fact]
    public async Task Lists_and_Recall_answer_compressed_when_asked_and_other_routes_never_do()
    {
        var (storeId, profileId) = await ProfileAsync();
        var gzip = new Dictionary<string, string> { ["Accept-Encoding"] = "gzip" };

        using (var list = await SendAsParentAsync(HttpMethod.Get, ProfileUrl(storeId, profileId) + "/Observations", headers: gzip))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            Assert.Equal(["gzip"], list.Content.Headers.ContentEncoding);
            await using var decoded = new System.IO.Compression.GZipStream(await list.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
            Assert.NotNull(JsonNode.Parse(decoded)!["observations"]);
        }
        using (var plain = await SendAsParentAsync(HttpMethod.Get, ProfileUrl(storeId, profileId) + "/Observations"))
            Assert.Empty(plain.Content.Headers.ContentEncoding);
        using (var profile = await SendAsParentAsync(HttpMethod.Get, ProfileUrl(storeId, profileId), headers: gzip))
            Assert.Empty(profile.Content.Headers.ContentEncoding);
    }

    private async Task<(string StoreId, string ProfileId)> ProfileAsync()
    {
        var storeId = await CreateStoreAsync();
        return (storeId, await CreateProfileAsync(storeId, """{"Contact":{"email":"item@example.com"}}"""));
    }
}
