using System.Net;
using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Tests;

/// <summary>A store's trait groups (contract §12.2, P7, P8): operations, limits, codes and the protected contact group.</summary>
public sealed class TraitGroupTests(EmulatorFixture emulator) : StoreSchemaTestBase(emulator)
{
    private const string AccountGroup = """{"displayName":"Account","description":"B2B account","traits":{"accountNumber":{"dataType":"STRING","idTypePromotion":"external_id","validationRule":{"ruleType":"STRING","pattern":"^[0-9]+$","maxLength":20}},"tier":{"dataType":"STRING"},"seats":{"dataType":"NUMBER","validationRule":{"ruleType":"NUMBER","min":1}}}}""";

    [Fact]
    public async Task A_new_store_has_the_out_of_the_box_Contact_group_with_email_and_phone_promoted()
    {
        var storeId = await CreateStoreAsync();

        var listed = await SendAsync(HttpMethod.Get, GroupsUrl(storeId));
        Assert.Equal(HttpStatusCode.OK, listed.Status);
        var contact = Assert.Single(listed.Body["traitGroups"]!.AsArray())!;
        Assert.Equal("Contact", (string?)contact["displayName"]);
        Assert.Equal(1, (int?)contact["version"]);
        Assert.Null(contact["traits"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"key":"traitGroups","pageSize":1}"""), listed.Body["meta"]));

        var withTraits = await SendAsync(HttpMethod.Get, GroupsUrl(storeId) + "?includeTraits=true");
        var traits = withTraits.Body["traitGroups"]![0]!["traits"]!.AsObject();
        Assert.Equal(["email", "phone", "firstName", "lastName", "street", "city", "state", "postalCode", "country", "preferredLanguage"], traits.Select(t => t.Key));
        Assert.Equal(("email", "phone"), ((string?)traits["email"]!["idTypePromotion"], (string?)traits["phone"]!["idTypePromotion"]));
        Assert.All(traits, t => Assert.Equal("STRING", (string?)t.Value!["dataType"]));

        var fetched = await SendAsync(HttpMethod.Get, GroupUrl(storeId, "Contact") + "?pageSize=100");
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal("\"1\"", fetched.ETag);
        Assert.Equal(10, fetched.Body["traitGroup"]!["traits"]!.AsObject().Count);
        Assert.Equal(("traits", 10), ((string)fetched.Body["meta"]!["key"]!, (int)fetched.Body["meta"]!["pageSize"]!));
    }

    [Fact]
    public async Task A_group_is_created_through_an_operation_and_readable_only_once_it_completes()
    {
        // Long enough that the reads below happen while the operation is still pending.
        await Emulator.UpdateSettingsAsync(new { OperationDelayMs = 1500 });
        var storeId = await CreateStoreAsync();

        var accepted = await SendAsync(HttpMethod.Post, GroupsUrl(storeId), AccountGroup);

        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        Assert.Equal(["message", "statusUrl"], accepted.Body.Select(p => p.Key));
        Assert.Equal("TraitGroup creation request accepted.", (string?)accepted.Body["message"]);
        Assert.Matches("^mem_operation_[0-7][0-9a-z]{25}$", accepted.OperationId);
        Assert.Equal($"https://memory.twilio.com/v1/ControlPlane/Operations/{accepted.OperationId}", (string?)accepted.Body["statusUrl"]);
        Assert.Equal((string?)accepted.Body["statusUrl"], accepted.Headers.Location?.ToString());
        Assert.NotNull(accepted.Headers.RetryAfter);
        AssertCode(HttpStatusCode.NotFound, 520047, await SendAsync(HttpMethod.Get, GroupUrl(storeId, "Account")));
        Assert.Equal(["Contact"], Names((await SendAsync(HttpMethod.Get, GroupsUrl(storeId))).Body["traitGroups"]));
        // The name is taken as soon as the create is accepted.
        AssertCode(HttpStatusCode.BadRequest, 520055, await SendAsync(HttpMethod.Post, GroupsUrl(storeId), """{"displayName":"Account"}"""));

        Assert.Equal("COMPLETED", (string?)(await WaitForOperationAsync(accepted.OperationId!))["status"]);
        var fetched = await SendAsync(HttpMethod.Get, GroupUrl(storeId, "Account"));
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal("\"1\"", fetched.ETag);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(AccountGroup)!["traits"], fetched.Body["traitGroup"]!["traits"]));
        Assert.Equal(("B2B account", 1), ((string)fetched.Body["traitGroup"]!["description"]!, (int)fetched.Body["traitGroup"]!["version"]!));
        Assert.Equal(["Account", "Contact"], Names((await SendAsync(HttpMethod.Get, GroupsUrl(storeId))).Body["traitGroups"]));
        Assert.Equal(["Contact", "Account"], Names((await SendAsync(HttpMethod.Get, GroupsUrl(storeId) + "?orderBy=ASC")).Body["traitGroups"]));
    }

    [Fact]
    public async Task A_patch_replaces_adds_and_removes_traits_and_needs_the_current_ETag()
    {
        var storeId = await CreateStoreAsync();
        await AcceptedAndAppliedAsync(HttpMethod.Post, GroupsUrl(storeId), AccountGroup);
        const string patch = """{"description":"Accounts","traits":{"tier":{"dataType":"STRING","description":"gold or silver"},"region":{"dataType":"STRING"},"seats":{"dataType":""}}}""";

        AssertCode(HttpStatusCode.BadRequest, 400, await SendAsync(HttpMethod.Patch, GroupUrl(storeId, "Account"), patch));
        AssertCode(HttpStatusCode.PreconditionFailed, 20412, await SendAsync(HttpMethod.Patch, GroupUrl(storeId, "Account"), patch, ifMatch: "\"7\""));
        await AcceptedAndAppliedAsync(HttpMethod.Patch, GroupUrl(storeId, "Account"), patch, ifMatch: "\"1\"");

        var fetched = await SendAsync(HttpMethod.Get, GroupUrl(storeId, "Account"));
        Assert.Equal("\"2\"", fetched.ETag);
        var group = fetched.Body["traitGroup"]!;
        Assert.Equal(("Accounts", 2), ((string)group["description"]!, (int)group["version"]!));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"accountNumber":{"dataType":"STRING","idTypePromotion":"external_id","validationRule":{"ruleType":"STRING","pattern":"^[0-9]+$","maxLength":20}},"tier":{"dataType":"STRING","description":"gold or silver"},"region":{"dataType":"STRING"}}"""),
            group["traits"]));

        // The ETag read before the change is stale now.
        AssertCode(HttpStatusCode.PreconditionFailed, 20412, await SendAsync(HttpMethod.Patch, GroupUrl(storeId, "Account"), """{"description":"x"}""", ifMatch: "\"1\""));
        AssertCode(HttpStatusCode.NotFound, 520047, await SendAsync(HttpMethod.Patch, GroupUrl(storeId, "Missing"), """{"description":"x"}""", ifMatch: "\"1\""));
    }

    [Fact]
    public async Task Group_and_trait_limits_and_unique_names_answer_their_codes()
    {
        var storeId = await CreateStoreAsync();
        string Traits(int count) => string.Join(",", Enumerable.Range(0, count).Select(i => $"\"t{i}\":{{\"dataType\":\"NUMBER\"}}"));

        // 95 traits fit in a group, 96 do not, whether created so or patched so.
        await AcceptedAndAppliedAsync(HttpMethod.Post, GroupsUrl(storeId), "{\"displayName\":\"Wide\",\"traits\":{" + Traits(95) + "}}");
        AssertCode(HttpStatusCode.BadRequest, 520054, await SendAsync(HttpMethod.Post, GroupsUrl(storeId), "{\"displayName\":\"Wider\",\"traits\":{" + Traits(96) + "}}"));
        AssertCode(HttpStatusCode.BadRequest, 520054, await SendAsync(HttpMethod.Patch, GroupUrl(storeId, "Wide"), """{"traits":{"one":{"dataType":"BOOLEAN"}}}""", ifMatch: "\"1\""));
        await AcceptedAndAppliedAsync(HttpMethod.Patch, GroupUrl(storeId, "Wide"), """{"traits":{"t0":{"dataType":""},"one":{"dataType":"BOOLEAN"}}}""", ifMatch: "\"1\"");

        // Names are unique per store, whatever their case.
        AssertCode(HttpStatusCode.BadRequest, 520055, await SendAsync(HttpMethod.Post, GroupsUrl(storeId), """{"displayName":"Wide"}"""));
        AssertCode(HttpStatusCode.BadRequest, 520055, await SendAsync(HttpMethod.Post, GroupsUrl(storeId), """{"displayName":"contact"}"""));

        // 50 groups per store, the out-of-the-box one included.
        for (var i = 2; i < 50; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, GroupsUrl(storeId), $$"""{"displayName":"G{{i}}"}""")).Status);
        }

        AssertCode(HttpStatusCode.BadRequest, 520053, await SendAsync(HttpMethod.Post, GroupsUrl(storeId), """{"displayName":"OneTooMany"}"""));
    }

    [Fact]
    public async Task The_contact_group_and_its_identifier_traits_are_protected()
    {
        var storeId = await CreateStoreAsync();

        AssertCode(HttpStatusCode.Conflict, 520050, await SendAsync(HttpMethod.Delete, GroupUrl(storeId, "Contact")));
        AssertCode(HttpStatusCode.BadRequest, 520050, await SendAsync(HttpMethod.Patch, GroupUrl(storeId, "Contact"), """{"traits":{"email":{"dataType":"ARRAY"}}}""", ifMatch: "\"1\""));
        AssertCode(HttpStatusCode.BadRequest, 520050, await SendAsync(HttpMethod.Patch, GroupUrl(storeId, "Contact"), """{"traits":{"phone":{"dataType":""}}}""", ifMatch: "\"1\""));

        // Its other traits are the store's to extend.
        await AcceptedAndAppliedAsync(HttpMethod.Patch, GroupUrl(storeId, "Contact"), """{"traits":{"nickname":{"dataType":"STRING"}}}""", ifMatch: "\"1\"");
        Assert.NotNull((await SendAsync(HttpMethod.Get, GroupUrl(storeId, "Contact") + "?pageSize=100")).Body["traitGroup"]!["traits"]!["nickname"]);
    }

    [Fact]
    public async Task A_deleted_group_goes_with_its_values_on_profiles_once_the_operation_completes()
    {
        var storeId = await CreateStoreAsync();
        await AcceptedAndAppliedAsync(HttpMethod.Post, GroupsUrl(storeId), AccountGroup);
        var profile = await CreateProfileAsync(storeId, """{"Contact":{"email":"a@example.com"},"Account":{"tier":"gold"}}""");

        var deleted = await AcceptedAndAppliedAsync(HttpMethod.Delete, GroupUrl(storeId, "Account"));

        Assert.Equal("TraitGroup deletion request accepted.", (string?)deleted.Body["message"]);
        AssertCode(HttpStatusCode.NotFound, 520047, await SendAsync(HttpMethod.Get, GroupUrl(storeId, "Account")));
        AssertCode(HttpStatusCode.NotFound, 520047, await SendAsync(HttpMethod.Delete, GroupUrl(storeId, "Account")));
        Assert.Equal(["Contact"], (await CallAsync(HttpMethod.Get, ProfileUrl(storeId, profile))).Body["traits"]!.AsObject().Select(g => g.Key));
    }

    [Fact]
    public async Task Malformed_groups_and_trait_definitions_are_refused_with_400()
    {
        var storeId = await CreateStoreAsync();

        foreach (var body in new[]
        {
            """{"description":"no name"}""",
            """{"displayName":"Bad Name"}""",
            $$"""{"displayName":"{{new string('a', 65)}}"}""",
            """{"displayName":"A","version":1}""",
            $$"""{"displayName":"A","description":"{{new string('d', 1025)}}"}""",
            """{"displayName":"A","traits":{"x":{"dataType":"DATE"}}}""",
            """{"displayName":"A","traits":{"x":{"dataType":""}}}""",
            """{"displayName":"A","traits":{"x":{}}}""",
            """{"displayName":"A","traits":{"x":{"dataType":"STRING","unique":true}}}""",
            """{"displayName":"A","traits":{"x":{"dataType":"STRING","idTypePromotion":"a_very_long_identifier_type_name"}}}""",
            """{"displayName":"A","traits":{"x":{"dataType":"NUMBER","validationRule":{"ruleType":"STRING"}}}}""",
            """{"displayName":"A","traits":{"x":{"dataType":"STRING","validationRule":{"ruleType":"STRING","min":1}}}}""",
            """{"displayName":"A","traits":{"x":{"dataType":"STRING","validationRule":{"ruleType":"STRING","pattern":"(["}}}}""",
            """{"displayName":"A","traits":{"x":{"dataType":"ARRAY","validationRule":{"ruleType":"ARRAY","minItems":-1}}}}""",
            """{"displayName":"A","traits":{"bad name":{"dataType":"STRING"}}}""",
        })
        {
            AssertCode(HttpStatusCode.BadRequest, 400, await SendAsync(HttpMethod.Post, GroupsUrl(storeId), body));
        }

        AssertCode(HttpStatusCode.BadRequest, 400, await SendAsync(HttpMethod.Patch, GroupUrl(storeId, "Contact"), """{"displayName":"Renamed"}""", ifMatch: "\"1\""));
        AssertCode(HttpStatusCode.BadRequest, 400, await SendAsync(HttpMethod.Get, GroupsUrl(storeId) + "?pageSize=101"));
        AssertCode(HttpStatusCode.BadRequest, 400, await SendAsync(HttpMethod.Get, GroupsUrl(storeId) + "?includeTraits=maybe"));
        AssertCode(HttpStatusCode.NotFound, 520041, await SendAsync(HttpMethod.Get, GroupsUrl("mem_store_00000000000000000000000000")));
        Assert.Equal(["Contact"], Names((await SendAsync(HttpMethod.Get, GroupsUrl(storeId))).Body["traitGroups"]));
    }

    [Fact]
    public async Task A_store_that_is_not_active_yet_answers_520042()
    {
        await Emulator.UpdateSettingsAsync(new { OperationDelayMs = 2000 });
        using var created = await SendAsParentAsync(HttpMethod.Post, "https://memory.twilio.com/v1/ControlPlane/Stores", """{"displayName":"client-early"}""");
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        // The store id comes with the completed operation; the emulator's admin view has it before.
        var storeId = (await Emulator.GetStateAsync()).Stores.Single(s => s.DisplayName == "client-early").Id;

        AssertCode(HttpStatusCode.BadRequest, 520042, await SendAsync(HttpMethod.Get, GroupsUrl(storeId)));
        AssertCode(HttpStatusCode.BadRequest, 520042, await SendAsync(HttpMethod.Get, SettingsUrl(storeId)));
    }
}
