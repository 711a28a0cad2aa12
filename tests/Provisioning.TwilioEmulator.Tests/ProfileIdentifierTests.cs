using System.Net;

namespace Provisioning.TwilioEmulator.Tests;

/// <summary>A profile's Identifiers (contract §12.3): list, add, fetch, replace and remove, as Lookup sees them.</summary>
public sealed class ProfileIdentifierTests(EmulatorFixture emulator) : DataPlaneTestBase(emulator)
{
    [Fact]
    public async Task Identifiers_list_normalised_values_oldest_first_and_a_POST_adds_one_that_Lookup_finds()
    {
        var storeId = await CreateStoreAsync();
        var profileId = await CreateProfileAsync(storeId, """{"Contact":{"email":"Ada@Example.com","phone":"(317) 555-0100"}}""");

        var added = await CallAsync(HttpMethod.Post, IdentifiersUrl(storeId, profileId), """{"idType":"email","value":" ada.work@example.COM "}""");

        Assert.Equal(HttpStatusCode.Accepted, added.Status);
        Assert.Equal("Identifier accepted for processing.", (string?)added.Body["message"]);
        var listed = await CallAsync(HttpMethod.Get, IdentifiersUrl(storeId, profileId));
        Assert.Equal(HttpStatusCode.OK, listed.Status);
        var identifiers = listed.Body["identifiers"]!.AsArray();
        Assert.Equal(["email", "phone"], identifiers.Select(i => (string)i!["idType"]!));
        Assert.Equal(["ada@example.com", "ada.work@example.com"], Strings(identifiers[0]!["values"]));
        Assert.Equal(["+13175550100"], Strings(identifiers[1]!["values"]));
        var one = await CallAsync(HttpMethod.Get, IdentifiersUrl(storeId, profileId) + "/phone");
        Assert.Equal("phone", (string)one.Body["idType"]!);
        Assert.Equal(["+13175550100"], Strings(one.Body["values"]));
        var lookup = await CallAsync(HttpMethod.Post, ProfilesUrl(storeId) + "/Lookup", """{"idType":"email","value":"ada.work@example.com"}""");
        Assert.Equal([profileId], Strings(lookup.Body["profiles"]));
    }

    [Fact]
    public async Task A_PATCH_replaces_a_value_and_answers_409_for_a_value_another_profile_holds()
    {
        var storeId = await CreateStoreAsync();
        var profileId = await CreateProfileAsync(storeId, """{"Contact":{"email":"old@example.com"}}""");
        await CreateProfileAsync(storeId, """{"Contact":{"email":"taken@example.com"}}""");

        var replaced = await CallAsync(HttpMethod.Patch, IdentifiersUrl(storeId, profileId) + "/email", """{"idType":"email","oldValue":"old@example.com","newValue":"New@Example.com"}""");
        var conflict = await CallAsync(HttpMethod.Patch, IdentifiersUrl(storeId, profileId) + "/email", """{"idType":"email","oldValue":"new@example.com","newValue":"taken@example.com"}""");
        var unknownOld = await CallAsync(HttpMethod.Patch, IdentifiersUrl(storeId, profileId) + "/email", """{"idType":"email","oldValue":"never@example.com","newValue":"x@example.com"}""");
        var otherType = await CallAsync(HttpMethod.Patch, IdentifiersUrl(storeId, profileId) + "/email", """{"idType":"phone","oldValue":"new@example.com","newValue":"x@example.com"}""");

        Assert.Equal((HttpStatusCode.Accepted, "Identifier update accepted."), (replaced.Status, (string?)replaced.Body["message"]));
        Assert.Equal((HttpStatusCode.Conflict, 20409), (conflict.Status, (int)conflict.Body["code"]!));
        AssertError(HttpStatusCode.NotFound, unknownOld);
        AssertError(HttpStatusCode.BadRequest, otherType);
        Assert.Equal(["new@example.com"], Strings((await CallAsync(HttpMethod.Get, IdentifiersUrl(storeId, profileId) + "/email")).Body["values"]));
    }

    [Fact]
    public async Task A_DELETE_drops_the_oldest_value_or_with_removeAll_every_value()
    {
        var storeId = await CreateStoreAsync();
        var profileId = await CreateProfileAsync(storeId, """{"Contact":{"email":"one@example.com","phone":"+13175550101"}}""");
        await CallAsync(HttpMethod.Post, IdentifiersUrl(storeId, profileId), """{"idType":"email","value":"two@example.com"}""");
        await CallAsync(HttpMethod.Post, IdentifiersUrl(storeId, profileId), """{"idType":"email","value":"three@example.com"}""");

        var one = await CallAsync(HttpMethod.Delete, IdentifiersUrl(storeId, profileId) + "/email");
        Assert.Equal((HttpStatusCode.Accepted, "Identifier removal accepted."), (one.Status, (string?)one.Body["message"]));
        Assert.Equal(["two@example.com", "three@example.com"], Strings((await CallAsync(HttpMethod.Get, IdentifiersUrl(storeId, profileId) + "/email")).Body["values"]));

        Assert.Equal(HttpStatusCode.Accepted, (await CallAsync(HttpMethod.Delete, IdentifiersUrl(storeId, profileId) + "/email?removeAll=true")).Status);
        AssertError(HttpStatusCode.NotFound, await CallAsync(HttpMethod.Get, IdentifiersUrl(storeId, profileId) + "/email"));
        Assert.Equal(["phone"], (await CallAsync(HttpMethod.Get, IdentifiersUrl(storeId, profileId))).Body["identifiers"]!.AsArray().Select(i => (string)i!["idType"]!));
        Assert.Empty(Strings((await CallAsync(HttpMethod.Post, ProfilesUrl(storeId) + "/Lookup", """{"idType":"email","value":"three@example.com"}""")).Body["profiles"]));
        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Delete, IdentifiersUrl(storeId, profileId) + "/phone?removeAll=maybe"));
    }

    [Theory]
    [InlineData("""{"idType":"e","value":"a@example.com"}""")]                          // idType under 2 characters
    [InlineData("""{"idType":"email"}""")]                                             // no value
    [InlineData("""{"idType":"email","value":"a@example.com","extra":1}""")]           // additionalProperties: false
    [InlineData("""{"idType":"loyalty","value":"123"}""")]                             // not a configured type
    [InlineData("""{"idType":"phone","value":"call me"}""")]                           // does not normalise
    public async Task A_bad_identifier_is_a_400(string json)
    {
        var storeId = await CreateStoreAsync();
        var profileId = await CreateProfileAsync(storeId, """{"Contact":{"email":"bad@example.com"}}""");

        AssertError(HttpStatusCode.BadRequest, await CallAsync(HttpMethod.Post, IdentifiersUrl(storeId, profileId), json));
    }

    private static string IdentifiersUrl(string storeId, string profileId) => ProfileUrl(storeId, profileId) + "/Identifiers";
}
