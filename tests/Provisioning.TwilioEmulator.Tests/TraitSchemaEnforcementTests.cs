using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Tests;

/// <summary>
/// P8 in the data plane: traits are written only into groups the store has (520047 otherwise) and only when the group
/// defines them (400 otherwise), in every kind of profile write.
/// </summary>
public sealed class TraitSchemaEnforcementTests(EmulatorFixture emulator) : StoreSchemaTestBase(emulator)
{
    [Fact]
    public async Task Writes_into_a_group_the_store_lacks_answer_520047_until_the_group_exists()
    {
        await Emulator.UpdateSettingsAsync(new { OperationDelayMs = 1000 });
        var storeId = await CreateStoreAsync();
        var profile = await CreateProfileAsync(storeId, """{"Contact":{"email":"a@example.com"}}""");
        const string write = """{"traits":{"Contact":{"email":"b@example.com"},"Account":{"tier":"gold"}}}""";

        AssertCode(HttpStatusCode.BadRequest, 520047, await SendAsync(HttpMethod.Post, ProfilesUrl(storeId), write));
        AssertCode(HttpStatusCode.BadRequest, 520047, await SendAsync(HttpMethod.Patch, ProfileUrl(storeId, profile), """{"traits":{"Account":{"tier":"gold"}}}"""));
        var bulk = await SendAsync(HttpMethod.Put, ProfilesUrl(storeId) + "/Bulk", """{"profiles":[{"traits":{"Contact":{"email":"c@example.com"}}},{"traits":{"Contact":{"email":"d@example.com"},"Account":{"tier":"gold"}}}]}""");
        AssertCode(HttpStatusCode.BadRequest, 520047, bulk);
        Assert.StartsWith("profiles[1]: ", (string?)bulk.Body["message"]);
        AssertCode(HttpStatusCode.BadRequest, 520047, await SendAsync(HttpMethod.Post, ProfilesUrl(storeId) + "/Imports",
            """{"filename":"a.csv","fileSize":10,"columnMappings":[{"columnName":"email","traitGroup":"Contact","traitName":"email"},{"columnName":"tier","traitGroup":"Account","traitName":"tier"}]}"""));
        Assert.Single(await Emulator.GetProfilesAsync(storeId));

        // Accepted is not enough: the group exists for writes once its operation has completed.
        var created = await SendAsync(HttpMethod.Post, GroupsUrl(storeId), """{"displayName":"Account","traits":{"tier":{"dataType":"STRING"}}}""");
        AssertCode(HttpStatusCode.BadRequest, 520047, await SendAsync(HttpMethod.Post, ProfilesUrl(storeId), write));
        await WaitForOperationAsync(created.OperationId!);

        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, ProfilesUrl(storeId), write)).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Patch, ProfileUrl(storeId, profile), """{"traits":{"Account":{"tier":"silver"}}}""")).Status);
        Assert.Equal("silver", (string?)(await CallAsync(HttpMethod.Get, ProfileUrl(storeId, profile))).Body["traits"]!["Account"]!["tier"]);
    }

    [Fact]
    public async Task Traits_their_group_does_not_define_are_refused_with_400()
    {
        var storeId = await CreateStoreAsync();
        var profile = await CreateProfileAsync(storeId, """{"Contact":{"email":"a@example.com","firstName":"Alyssa"}}""");

        var refused = await SendAsync(HttpMethod.Post, ProfilesUrl(storeId), """{"traits":{"Contact":{"email":"b@example.com","tier":"gold"}}}""");
        AssertCode(HttpStatusCode.BadRequest, 400, refused);
        Assert.Contains("'tier'", (string?)refused.Body["message"]);
        AssertCode(HttpStatusCode.BadRequest, 400, await SendAsync(HttpMethod.Patch, ProfileUrl(storeId, profile), """{"traits":{"Contact":{"tier":"gold"}}}"""));
        AssertCode(HttpStatusCode.BadRequest, 400, await SendAsync(HttpMethod.Put, ProfilesUrl(storeId) + "/Bulk", """{"profiles":[{"traits":{"Contact":{"email":"c@example.com","tier":"gold"}}}]}"""));
        AssertCode(HttpStatusCode.BadRequest, 400, await SendAsync(HttpMethod.Post, ProfilesUrl(storeId) + "/Imports",
            """{"filename":"a.csv","fileSize":10,"columnMappings":[{"columnName":"email","traitGroup":"Contact","traitName":"email"},{"columnName":"tier","traitGroup":"Contact","traitName":"tier"}]}"""));

        // Removing a value needs no definition; a defined trait is written.
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Patch, ProfileUrl(storeId, profile), """{"traits":{"Contact":{"firstName":null,"tier":null,"city":"Lyon"}}}""")).Status);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"Contact":{"email":"a@example.com","city":"Lyon"}}"""),
            (await CallAsync(HttpMethod.Get, ProfileUrl(storeId, profile))).Body["traits"]));
    }

    [Fact]
    public async Task Import_rows_whose_group_went_away_before_the_upload_count_as_errors()
    {
        var storeId = await CreateStoreAsync();
        await AcceptedAndAppliedAsync(HttpMethod.Post, GroupsUrl(storeId), """{"displayName":"Account","traits":{"tier":{"dataType":"STRING"}}}""");
        const string csv = "email,tier\r\na@example.com,gold\r\n";
        var import = await SendAsync(HttpMethod.Post, ProfilesUrl(storeId) + "/Imports",
            $$"""{"filename":"a.csv","fileSize":{{Encoding.UTF8.GetByteCount(csv)}},"columnMappings":[{"columnName":"email","traitGroup":"Contact","traitName":"email"},{"columnName":"tier","traitGroup":"Account","traitName":"tier"}]}""");
        Assert.Equal(HttpStatusCode.Created, import.Status);
        await AcceptedAndAppliedAsync(HttpMethod.Delete, GroupUrl(storeId, "Account"));

        using var http = new HttpClient();
        using (var upload = await http.PutAsync((string)import.Body["url"]!, new StringContent(csv)))
        {
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        }

        var importUrl = $"{ProfilesUrl(storeId)}/Imports/{(string)import.Body["importId"]!}";
        var done = await PollUntilAsync(async () => (await SendAsync(HttpMethod.Get, importUrl)).Body, i => (string?)i["status"] == "COMPLETED", "the import");
        Assert.Equal(1, (int?)done["summary"]!["errors"]);
        Assert.Empty(await Emulator.GetProfilesAsync(storeId));
    }
}
