using System.Net;
using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Tests;

public sealed class ProfileTests(EmulatorFixture emulator) : StoreSchemaTestBase(emulator)
{
    // Profile writes need their groups and traits defined on the store first (contract §12.2, P8).
    private const string LoyaltyGroup = """{"displayName":"Loyalty","traits":{"tier":{"dataType":"STRING"},"tags":{"dataType":"ARRAY"},"points":{"dataType":"NUMBER"}}}""";

    [Fact]
    public async Task Profile_is_created_fetched_patched_listed_and_deleted()
    {
        var storeId = await CreateStoreAsync();
        await AcceptedAndAppliedAsync(HttpMethod.Post, GroupsUrl(storeId), LoyaltyGroup);

        var created = await CallAsync(HttpMethod.Post, ProfilesUrl(storeId),
            """{"traits":{"Contact":{"phone":"+13175551234","firstName":"Alyssa"},"Loyalty":{"tier":"gold","tags":["a","b"]}}}""");

        Assert.Equal(HttpStatusCode.Accepted, created.Status);
        var id = (string)created.Body["id"]!;
        Assert.Matches("^mem_profile_[0-7][0-9a-z]{25}$", id);
        Assert.Equal("Profile resolved and accepted for processing.", (string?)created.Body["message"]);

        var fetched = await CallAsync(HttpMethod.Get, ProfileUrl(storeId, id));
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal(id, (string?)fetched.Body["id"]);
        Assert.NotNull(fetched.Body["createdAt"]);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"Contact":{"phone":"+13175551234","firstName":"Alyssa"},"Loyalty":{"tier":"gold","tags":["a","b"]}}"""),
            fetched.Body["traits"]));
        var loyaltyOnly = await CallAsync(HttpMethod.Get, ProfileUrl(storeId, id) + "?traitGroups=Loyalty");
        Assert.Equal(["Loyalty"], loyaltyOnly.Body["traits"]!.AsObject().Select(g => g.Key));

        var patched = await CallAsync(HttpMethod.Patch, ProfileUrl(storeId, id),
            """{"traits":{"Contact":{"firstName":null,"lastName":"Mock"},"Loyalty":{"points":1250}}}""");
        Assert.Equal(HttpStatusCode.Accepted, patched.Status);
        Assert.Equal("Trait modifications accepted for processing.", (string?)patched.Body["message"]);
        var merged = (await CallAsync(HttpMethod.Get, ProfileUrl(storeId, id))).Body["traits"]!;
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"Contact":{"phone":"+13175551234","lastName":"Mock"},"Loyalty":{"tier":"gold","tags":["a","b"],"points":1250}}"""),
            merged));

        var traits = await CallAsync(HttpMethod.Get, ProfileUrl(storeId, id) + "/Traits?orderBy=ASC");
        Assert.Equal(HttpStatusCode.OK, traits.Status);
        Assert.Equal(["phone", "tier", "tags", "lastName", "points"], traits.Body["traits"]!.AsArray().Select(t => (string)t!["name"]!));
        var points = traits.Body["traits"]!.AsArray().Single(t => (string)t!["name"]! == "points")!;
        Assert.Equal(("Loyalty", 1250), ((string)points["traitGroup"]!, (int)points["value"]!));
        Assert.NotNull(points["timestamp"]);
        Assert.Equal(("traits", 5), ((string)traits.Body["meta"]!["key"]!, (int)traits.Body["meta"]!["pageSize"]!));

        var listed = await CallAsync(HttpMethod.Get, ProfilesUrl(storeId));
        Assert.Equal([id], Strings(listed.Body["profiles"]));
        Assert.Equal("profiles", (string?)listed.Body["meta"]!["key"]);

        var deleted = await CallAsync(HttpMethod.Delete, ProfileUrl(storeId, id));
        Assert.Equal(HttpStatusCode.Accepted, deleted.Status);
        Assert.Equal("Profile accepted for deletion.", (string?)deleted.Body["message"]);
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Get, ProfileUrl(storeId, id)));
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Delete, ProfileUrl(storeId, id)));
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Patch, ProfileUrl(storeId, id), """{"traits":{"A":{"b":1}}}"""));
        Assert.Empty(Strings((await CallAsync(HttpMethod.Get, ProfilesUrl(storeId))).Body["profiles"]));
    }

    [Fact]
    public async Task A_create_whose_identifier_is_known_resolves_to_the_existing_profile_and_merges_its_traits()
    {
        var storeId = await CreateStoreAsync();
        var first = await CreateProfileAsync(storeId, """{"Contact":{"email":"Alyssa.Mock@example.com","firstName":"Alyssa"}}""");

        var second = await CreateProfileAsync(storeId, """{"Contact":{"email":" alyssa.mock@EXAMPLE.com","lastName":"Mock"}}""");
        var other = await CreateProfileAsync(storeId, """{"Contact":{"email":"john.doe@example.com"}}""");

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        var traits = (await CallAsync(HttpMethod.Get, ProfileUrl(storeId, first))).Body["traits"]!["Contact"]!;
        Assert.Equal(("Alyssa", "Mock"), ((string)traits["firstName"]!, (string)traits["lastName"]!));
        Assert.Equal(2, Strings((await CallAsync(HttpMethod.Get, ProfilesUrl(storeId))).Body["profiles"]).Count);
    }

    [Fact]
    public async Task Lookup_normalises_phone_numbers_and_emails_and_finds_the_profiles_holding_them()
    {
        var storeId = await CreateStoreAsync();
        var alyssa = await CreateProfileAsync(storeId, """{"Contact":{"phone":"(317) 555-6789","email":" Alyssa.Mock@Example.com "}}""");
        var london = await CreateProfileAsync(storeId, """{"Contact":{"phone":"+44 20 7946 0958"}}""");

        async Task<JsonObject> LookupAsync(string idType, string value)
        {
            var reply = await CallAsync(HttpMethod.Post, ProfilesUrl(storeId) + "/Lookup", new JsonObject { ["idType"] = idType, ["value"] = value }.ToJsonString());
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            return reply.Body;
        }

        var byPhone = await LookupAsync("phone", "1-317-555-6789");
        Assert.Equal("+13175556789", (string?)byPhone["normalizedValue"]);
        Assert.Equal([alyssa], Strings(byPhone["profiles"]));
        var byEmail = await LookupAsync("email", "ALYSSA.mock@example.com ");
        Assert.Equal("alyssa.mock@example.com", (string?)byEmail["normalizedValue"]);
        Assert.Equal([alyssa], Strings(byEmail["profiles"]));
        Assert.Equal([london], Strings((await LookupAsync("phone", "+442079460958"))["profiles"]));
        Assert.Empty(Strings((await LookupAsync("phone", "3175550000"))["profiles"]));

        // Identifier values are kept when the trait changes, so the old email still finds the profile.
        await CallAsync(HttpMethod.Patch, ProfileUrl(storeId, alyssa), """{"traits":{"Contact":{"email":"alyssa@new.example.com"}}}""");
        Assert.Equal([alyssa], Strings((await LookupAsync("email", "alyssa.mock@example.com"))["profiles"]));
        Assert.Equal([alyssa], Strings((await LookupAsync("email", "Alyssa@New.example.com"))["profiles"]));

        foreach (var invalid in new[]
        {
            """{"idType":"p","value":"+13175556789"}""",
            $$"""{"idType":"{{new string('x', 31)}}","value":"1"}""",
            $$"""{"idType":"email","value":"{{new string('a', 256)}}"}""",
            """{"idType":"externalId","value":"42"}""",
            """{"idType":"phone","value":"call me"}""",
            """{"idType":"phone","value":"12345"}""",
            """{"idType":"phone"}""",
            """{"idType":"phone","value":"+13175556789","extra":1}""",
        })
        {
            AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Post, ProfilesUrl(storeId) + "/Lookup", invalid));
        }
    }

    [Fact]
    public async Task Trait_limits_identifiers_and_schema_are_enforced_with_400()
    {
        var storeId = await CreateStoreAsync();
        string Groups(int count) => string.Join(",", Enumerable.Range(0, count).Select(i => $"\"G{i}\":{{\"t\":1}}"));
        string Traits(int count) => string.Join(",", Enumerable.Range(0, count).Select(i => $"\"t{i}\":{i}"));
        const string contact = "\"Contact\":{\"phone\":\"+13175551234\"}";

        // The store may define 50 groups (Contact included) of at most 95 traits: writes up to there succeed.
        for (var i = 0; i < 48; i++) Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, GroupsUrl(storeId), "{\"displayName\":\"G" + i + "\",\"traits\":{\"t\":{\"dataType\":\"NUMBER\"}}}")).Status);
        await AcceptedAndAppliedAsync(HttpMethod.Post, GroupsUrl(storeId), """{"displayName":"G48","traits":{"t":{"dataType":"NUMBER"}}}""");
        var contactTraits = string.Join(",", Enumerable.Range(0, 85).Select(i => $"\"t{i}\":{{\"dataType\":\"NUMBER\"}}"));
        await AcceptedAndAppliedAsync(HttpMethod.Patch, GroupUrl(storeId, "Contact"), "{\"traits\":{" + contactTraits + "}}", ifMatch: "\"1\"");
        await CreateProfileAsync(storeId, $"{{{contact},{Groups(49)}}}");
        await CreateProfileAsync(storeId, $"{{\"Contact\":{{\"email\":\"a@example.com\",{Traits(85)}}}}}");

        // Past the payload limits (50 groups, 99 traits a group), malformed, or without an identifier: 400.
        foreach (var traits in new[]
        {
            $"{{{contact},{Groups(50)}}}",
            $"{{\"Contact\":{{\"email\":\"b@example.com\",{Traits(99)}}}}}",
            """{"Loyalty":{"tier":"gold"}}""",
            """{"Contact":{"phone":"not a number"}}""",
            """{"Contact":{"phone":"+13175559999","address":{"city":"SF"}}}""",
            """{"Contact":{"phone":"+13175559999","nested":[[1]]}}""",
            """{"Contact":{"phone":"+13175559999","gone":null}}""",
            """{"Bad Group":{"x":1},"Contact":{"phone":"+13175559999"}}""",
            """{"Contact":"+13175559999"}""",
            """{"Contact":{"phone":"+13175559999","t85":1}}""",
        })
        {
            AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Post, ProfilesUrl(storeId), $$"""{"traits":{{traits}}}"""));
        }

        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Post, ProfilesUrl(storeId), """{"traits":{"Contact":{"phone":"+13175559999"}},"id":"x"}"""));
        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Post, ProfilesUrl(storeId), "[]"));

        // A patch cannot take the merged profile past 50 groups: the 50th group besides Contact does not exist.
        var profile = await CreateProfileAsync(storeId, """{"Contact":{"phone":"+13175550001"}}""");
        AssertCode(HttpStatusCode.BadRequest, 520047, await SendAsync(HttpMethod.Patch, ProfileUrl(storeId, profile), $"{{\"traits\":{{{Groups(50)}}}}}"));
        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Patch, ProfileUrl(storeId, profile), "{}"));
        Assert.Equal(["Contact"], (await CallAsync(HttpMethod.Get, ProfileUrl(storeId, profile))).Body["traits"]!.AsObject().Select(g => g.Key));

        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Get, ProfilesUrl(storeId) + "?pageSize=1001"));
        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Get, ProfilesUrl(storeId) + "?pageSize=0"));
        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Get, ProfilesUrl(storeId) + "?pageToken=garbage"));
        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Get, ProfilesUrl(storeId) + "?orderBy=UP"));
        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Get, ProfileUrl(storeId, profile) + "?traitGroups="));
    }

    [Fact]
    public async Task Profiles_list_pages_by_token_newest_first()
    {
        var storeId = await CreateStoreAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add(await CreateProfileAsync(storeId, $$$"""{"Contact":{"phone":"+1317555000{{{i}}}"}}"""));

        var first = await CallAsync(HttpMethod.Get, ProfilesUrl(storeId) + "?pageSize=2");
        Assert.Equal([ids[4], ids[3]], Strings(first.Body["profiles"]));
        Assert.Equal(2, (int)first.Body["meta"]!["pageSize"]!);
        var second = await CallAsync(HttpMethod.Get, ProfilesUrl(storeId) + $"?pageSize=2&pageToken={first.Body["meta"]!["nextToken"]}");
        Assert.Equal([ids[2], ids[1]], Strings(second.Body["profiles"]));
        var third = await CallAsync(HttpMethod.Get, ProfilesUrl(storeId) + $"?pageSize=2&pageToken={second.Body["meta"]!["nextToken"]}");
        Assert.Equal([ids[0]], Strings(third.Body["profiles"]));
        Assert.Null(third.Body["meta"]!["nextToken"]);
        Assert.Equal(ids, Strings((await CallAsync(HttpMethod.Get, ProfilesUrl(storeId) + "?orderBy=ASC&pageSize=1000")).Body["profiles"]));
    }

    [Fact]
    public async Task The_profile_cap_refuses_new_profiles_per_store_but_not_merges()
    {
        await Emulator.UpdateSettingsAsync(new { ProfileCap = 2 });
        var storeId = await CreateStoreAsync();
        var first = await CreateProfileAsync(storeId, """{"Contact":{"phone":"+13175550001"}}""");
        await CreateProfileAsync(storeId, """{"Contact":{"phone":"+13175550002"}}""");

        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Post, ProfilesUrl(storeId), """{"traits":{"Contact":{"phone":"+13175550003"}}}"""));
        Assert.Equal(first, await CreateProfileAsync(storeId, """{"Contact":{"phone":"+13175550001","firstName":"Known"}}"""));
        // A bulk upsert that would create one profile too many is refused whole: its merge is not applied either.
        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Put, ProfilesUrl(storeId) + "/Bulk",
            """{"profiles":[{"traits":{"Contact":{"phone":"+13175550001","lastName":"Merged"}}},{"traits":{"Contact":{"phone":"+13175550003"}}}]}"""));
        Assert.Null((await CallAsync(HttpMethod.Get, ProfileUrl(storeId, first))).Body["traits"]!["Contact"]!["lastName"]);

        // The cap is per store, and a delete makes room.
        var otherStore = await CreateStoreAsync("other-store");
        await CreateProfileAsync(otherStore, """{"Contact":{"phone":"+13175550003"}}""");
        await CallAsync(HttpMethod.Delete, ProfileUrl(storeId, first));
        await CreateProfileAsync(storeId, """{"Contact":{"phone":"+13175550003"}}""");
        Assert.Equal(2, (await Emulator.GetProfilesAsync(storeId)).Count);
    }

    [Fact]
    public async Task The_default_cap_is_10000_profiles_per_store()
    {
        var storeId = await CreateStoreAsync();
        for (var batch = 0; batch < 10; batch++)
        {
            var profiles = new JsonArray([.. Enumerable.Range(0, 1000).Select(i => (JsonNode)new JsonObject
            {
                ["traits"] = new JsonObject { ["Contact"] = new JsonObject { ["email"] = $"user-{batch}-{i}@example.com" } },
            })]);
            var bulk = await CallAsync(HttpMethod.Put, ProfilesUrl(storeId) + "/Bulk", new JsonObject { ["profiles"] = profiles }.ToJsonString());
            Assert.Equal(HttpStatusCode.Accepted, bulk.Status);
        }

        var refused = await CallAsync(HttpMethod.Post, ProfilesUrl(storeId), """{"traits":{"Contact":{"email":"one-more@example.com"}}}""");
        AssertError(HttpStatusCode.BadRequest, refused);
        Assert.Contains("10000", (string?)refused.Body["message"]);
        Assert.Equal(10_000, (await Emulator.GetProfilesAsync(storeId)).Count);
    }

    [Fact]
    public async Task Bulk_upsert_creates_and_merges_up_to_1000_profiles()
    {
        var storeId = await CreateStoreAsync();
        await AcceptedAndAppliedAsync(HttpMethod.Patch, GroupUrl(storeId, "Contact"), """{"traits":{"tier":{"dataType":"STRING"}}}""", ifMatch: "\"1\"");
        var existing = await CreateProfileAsync(storeId, """{"Contact":{"email":"known@example.com","tier":"silver"}}""");

        var reply = await CallAsync(HttpMethod.Put, ProfilesUrl(storeId) + "/Bulk", """
            {"profiles":[
              {"traits":{"Contact":{"email":"KNOWN@example.com","tier":"gold"}}},
              {"traits":{"Contact":{"phone":"+13175556789","email":"new@example.com","firstName":"John"}}},
              {"traits":{"Contact":{"email":"new@example.com","lastName":"Doe"}}}
            ]}
            """);

        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        Assert.Equal("Profile batch accepted for processing.", (string?)reply.Body["message"]);
        var profiles = await Emulator.GetProfilesAsync(storeId);
        Assert.Equal(2, profiles.Count);
        Assert.Equal("gold", (string?)profiles.Single(p => p.Id == existing).Traits["Contact"]!["tier"]);
        var john = profiles.Single(p => p.Id != existing).Traits["Contact"]!;
        Assert.Equal(("John", "Doe", "+13175556789"), ((string)john["firstName"]!, (string)john["lastName"]!, (string)john["phone"]!));

        var tooMany = new JsonObject
        {
            ["profiles"] = new JsonArray([.. Enumerable.Range(0, 1001).Select(i => (JsonNode)new JsonObject { ["traits"] = new JsonObject { ["Contact"] = new JsonObject { ["email"] = $"u{i}@example.com" } } })]),
        };
        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Put, ProfilesUrl(storeId) + "/Bulk", tooMany.ToJsonString()));
        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Put, ProfilesUrl(storeId) + "/Bulk", """{"profiles":[]}"""));
        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Put, ProfilesUrl(storeId) + "/Bulk",
            """{"profiles":[{"traits":{"Contact":{"email":"ok@example.com"}}},{"traits":{"Loyalty":{"tier":"gold"}}}]}"""));
        Assert.Equal(2, (await Emulator.GetProfilesAsync(storeId)).Count);
    }
}
