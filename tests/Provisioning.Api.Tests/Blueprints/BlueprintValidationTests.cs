using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Provisioning.Api.Tests.Integration;
using Provisioning.Api.Tests.Tenants;

namespace Provisioning.Api.Tests.Blueprints;

/// <summary>
/// A blueprint Twilio would refuse is refused here first: 400 problem+json naming the field, and nothing written (no
/// blueprint, no revision), whether it was to be the first revision or the next.
/// </summary>
[Collection(ProvisioningStackCollection.Name)]
public sealed class BlueprintValidationTests(ProvisioningStack stack)
{
    private const string Tier = """{"tier":{"dataType":"STRING"}}""";
    private const string Email = """{"identifierConfigs":[{"idType":"email"}],"matchingRules":["email"]}""";

    public static TheoryData<string, string, string> BadDocuments => new()
    {
        // content (the JSON after "name"), field expected in "errors", why
        { $$"""{"traitGroups":[{{string.Join(',', Enumerable.Range(0, 51).Select(i => $$"""{"displayName":"g{{i}}"}"""))}}]}""", "traitGroups", "51 groups (Twilio: 50 per store)" },
        { $$"""{"traitGroups":[{"displayName":"big","traits":{{Traits(96)}}}]}""", "traitGroups[0].traits", "96 traits (Twilio: 95 per group)" },
        { """{"traitGroups":[{"traits":{}}]}""", "traitGroups[0].displayName", "group without displayName" },
        { """{"traitGroups":[{"displayName":""}]}""", "traitGroups[0].displayName", "empty displayName" },
        { """{"traitGroups":[{"displayName":"has space"}]}""", "traitGroups[0].displayName", "space in displayName" },
        { $$"""{"traitGroups":[{"displayName":"{{new string('a', 65)}}"}]}""", "traitGroups[0].displayName", "65-character displayName" },
        { """{"traitGroups":[{"displayName":"Account"},{"displayName":"account"}]}""", "traitGroups[1].displayName", "group named twice (any case)" },
        { $$"""{"traitGroups":[{"displayName":"Account","description":"{{new string('d', 1025)}}"}]}""", "traitGroups[0].description", "description over 1024" },
        { """{"traitGroups":[{"displayName":"Account","traits":{"Tier":{"dataType":"STRING"}}}]}""", "traitGroups[0].traits[Tier]", "trait name not lowerCamelCase" },
        { """{"traitGroups":[{"displayName":"Account","traits":{"tier_level":{"dataType":"STRING"}}}]}""", "traitGroups[0].traits[tier_level]", "underscore in trait name" },
        { """{"traitGroups":[{"displayName":"Account","traits":{"tier":{}}}]}""", "traitGroups[0].traits[tier].dataType", "trait without dataType" },
        { """{"traitGroups":[{"displayName":"Account","traits":{"tier":{"dataType":"DATE"}}}]}""", "traitGroups[0].traits[tier].dataType", "unknown dataType" },
        { """{"traitGroups":[{"displayName":"Account","traits":{"tier":{"dataType":"STRING","validationRule":{"ruleType":"STRING","pattern":"("}}}}]}""", "traitGroups[0].traits[tier].validationRule.pattern", "pattern not a regex" },
        { """{"traitGroups":[{"displayName":"Account","traits":{"tier":{"dataType":"STRING","validationRule":{"ruleType":"STRING","pattern":"@"}}}}]}""".Replace("@", new string('a', 1001)), "traitGroups[0].traits[tier].validationRule.pattern", "pattern over 1000" },
        { """{"traitGroups":[{"displayName":"Account","traits":{"tier":{"dataType":"STRING","validationRule":{"ruleType":"STRING","minLength":-1}}}}]}""", "traitGroups[0].traits[tier].validationRule.minLength", "negative minLength" },
        { """{"traitGroups":[{"displayName":"Account","traits":{"tier":{"dataType":"STRING","validationRule":{"ruleType":"STRING","maxLength":0}}}}]}""", "traitGroups[0].traits[tier].validationRule.maxLength", "maxLength 0" },
        { """{"traitGroups":[{"displayName":"Account","traits":{"tier":{"dataType":"STRING","validationRule":{"ruleType":"STRING","minLength":5,"maxLength":2}}}}]}""", "traitGroups[0].traits[tier].validationRule.maxLength", "minLength above maxLength" },
        { """{"traitGroups":[{"displayName":"Account","traits":{"score":{"dataType":"NUMBER","validationRule":{"ruleType":"NUMBER","min":10,"max":1}}}}]}""", "traitGroups[0].traits[score].validationRule.max", "min above max" },
        { """{"traitGroups":[{"displayName":"Account","traits":{"tags":{"dataType":"ARRAY","validationRule":{"ruleType":"ARRAY","minItems":-1}}}}]}""", "traitGroups[0].traits[tags].validationRule.minItems", "negative minItems" },
        { """{"traitGroups":[{"displayName":"Account","traits":{"tier":{"dataType":"STRING","validationRule":{"ruleType":"STRING","min":1}}}}]}""", "traitGroups[0].traits[tier].validationRule.min", "NUMBER field in a STRING rule" },
        { """{"traitGroups":[{"displayName":"Account","traits":{"tier":{"dataType":"STRING","validationRule":{"ruleType":"NUMBER"}}}}]}""", "traitGroups[0].traits[tier].validationRule.ruleType", "rule type other than the trait's" },
        { """{"traitGroups":[{"displayName":"Account","traits":{"tier":{"dataType":"STRING","validationRule":{"pattern":"a"}}}}]}""", "traitGroups[0].traits[tier].validationRule.ruleType", "rule without ruleType" },
        { """{"traitGroups":[{"displayName":"Account","traits":{"tier":{"dataType":"STRING","idTypePromotion":"@"}}}]}""".Replace("@", new string('x', 31)), "traitGroups[0].traits[tier].idTypePromotion", "idTypePromotion over 30" },
        { """{"traitGroups":[{"displayName":"Account","traits":{"number":{"dataType":"STRING","idTypePromotion":"external_id"}}}],"identityResolution":@}""".Replace("@", Email), "traitGroups[0].traits[number].idTypePromotion", "promotion to an idType not configured" },
        { """{"identityResolution":{"identifierConfigs":[],"matchingRules":["email"]}}""", "identityResolution.identifierConfigs", "no identifier configs" },
        { """{"identityResolution":{"identifierConfigs":[@],"matchingRules":["id0"]}}""".Replace("@", string.Join(',', Enumerable.Range(0, 16).Select(i => $$"""{"idType":"id{{i}}"}"""))), "identityResolution.identifierConfigs", "16 identifier configs" },
        { """{"identityResolution":{"identifierConfigs":[{"idType":"email"}]}}""", "identityResolution.matchingRules", "no matching rules" },
        { """{"identityResolution":{"identifierConfigs":[{"idType":"email"}],"matchingRules":["phone"]}}""", "identityResolution.matchingRules[0]", "rule naming an idType not configured" },
        { """{"identityResolution":{"identifierConfigs":[{"idType":"e"}],"matchingRules":["e"]}}""", "identityResolution.identifierConfigs[0].idType", "1-character idType" },
        { """{"identityResolution":{"identifierConfigs":[{"idType":"email"},{"idType":"email"}],"matchingRules":["email"]}}""", "identityResolution.identifierConfigs[1].idType", "idType twice" },
        { """{"identityResolution":{"identifierConfigs":[{"idType":"email","matchingThreshold":49}],"matchingRules":["email"]}}""", "identityResolution.identifierConfigs[0].matchingThreshold", "threshold below 50" },
        { """{"identityResolution":{"identifierConfigs":[{"idType":"email","matchingThreshold":100}],"matchingRules":["email"]}}""", "identityResolution.identifierConfigs[0].matchingThreshold", "threshold above 99" },
        { """{"identityResolution":{"identifierConfigs":[{"idType":"email","limit":0}],"matchingRules":["email"]}}""", "identityResolution.identifierConfigs[0].limit", "limit 0" },
        { """{"identityResolution":{"identifierConfigs":[{"idType":"email","limit":101}],"matchingRules":["email"]}}""", "identityResolution.identifierConfigs[0].limit", "limit 101" },
        { """{"identityResolution":{"identifierConfigs":[{"idType":"email","matchingAlgo":"phonetic"}],"matchingRules":["email"]}}""", "identityResolution.identifierConfigs[0].matchingAlgo", "unknown matchingAlgo" },
        { """{"identityResolution":{"identifierConfigs":[{"idType":"email","limitPolicy":"random"}],"matchingRules":["email"]}}""", "identityResolution.identifierConfigs[0].limitPolicy", "unknown limitPolicy" },
        { """{"identityResolution":{"identifierConfigs":[{"idType":"email","normalization":"upper"}],"matchingRules":["email"]}}""", "identityResolution.identifierConfigs[0].normalization", "unknown normalization" },
        { """{"dataMappings":[{"displayName":"crm","mappingTo":{"mappings":[]},"mappingFrom":{"type":"INGRESS","columns":["tier"]}}]}""", "dataMappings[0].mappingTo.mappings", "mapping without mappings" },
        { """{"dataMappings":[{"displayName":"crm","mappingTo":{"mappings":[{"expression":"tier","traitGroup":"Account","traitName":"tier"}]},"mappingFrom":{"type":"DATASET_WAREHOUSE"}}]}""", "dataMappings[0].mappingFrom.datasetId", "dataset source without datasetId" },
        { """{"dataMappings":[{"displayName":"1crm","mappingTo":{"mappings":[{"expression":"tier","traitGroup":"Account","traitName":"tier"}]},"mappingFrom":{"type":"INGRESS","columns":["tier"]}}]}""", "dataMappings[0].displayName", "mapping name starting with a digit" },
        { """{"orchestrator":{"conversationGroupingType":"GROUP_BY_MOOD"}}""", "orchestrator.conversationGroupingType", "unknown grouping type" },
        { """{"orchestrator":{"statusCallbacks":[{"url":"http://isv.example/status"}]}}""", "orchestrator.statusCallbacks[0].url", "http status callback" },
        { """{"orchestrator":{"statusCallbacks":[{"url":"https://a.example"},{"url":"https://b.example"},{"url":"https://c.example"}]}}""", "orchestrator.statusCallbacks", "three status callbacks (Twilio: two)" },
        { """{"orchestrator":{"intelligenceConfigurationIds":["a","b","c","d","e","f"]}}""", "orchestrator.intelligenceConfigurationIds", "six intelligence configurations (Twilio: five)" },
        { """{"orchestrator":{"statusTimeouts":{"VIDEO":{"inactive":5}}}}""", "orchestrator.statusTimeouts[VIDEO]", "VIDEO is not a channelSettings key" },
        { """{"orchestrator":{"statusTimeouts":{"SMS":{"inactive":0}}}}""", "orchestrator.statusTimeouts[SMS].inactive", "inactive 0 minutes" },
        { """{"orchestrator":{"memoryExtractionEnabled":"yes"}}""", "$.orchestrator.memoryExtractionEnabled", "string instead of bool" },
        { $$"""{"traitGroups":[{"displayName":"Account","traits":{{Tier}},"color":"blue"}]}""", "$.traitGroups[0].color", "unknown property (Twilio's schemas allow no other properties)" },
        { """{"reason":"bad\u0007bell"}""", "reason", "control character in reason" },
    };

    [Theory]
    [MemberData(nameof(BadDocuments))]
    public async Task A_bad_first_revision_is_a_400_naming_the_field_and_writes_nothing(string content, string field, string why)
    {
        var blueprints = await stack.CountAsync("SELECT count(*) FROM blueprints");
        var revisions = await stack.CountAsync("SELECT count(*) FROM blueprint_revisions");

        using var response = await stack.Admin.PostAsync("/v1/blueprints", Json("""{"name":"bad-first",""" + content[1..]));

        await AssertNamesFieldAsync(response, field, why);
        Assert.Equal(blueprints, await stack.CountAsync("SELECT count(*) FROM blueprints"));
        Assert.Equal(revisions, await stack.CountAsync("SELECT count(*) FROM blueprint_revisions"));
    }

    [Theory]
    [MemberData(nameof(BadDocuments))]
    public async Task A_bad_next_revision_is_a_400_naming_the_field_and_writes_nothing(string content, string field, string why)
    {
        using var put = await stack.Admin.PutAsync("/v1/blueprints/bad-next", Json($$"""{"traitGroups":[{"displayName":"Account","traits":{{Tier}}}]}"""));
        Assert.True(put.IsSuccessStatusCode);
        var revisions = await stack.CountAsync("SELECT count(*) FROM blueprint_revisions");

        using var response = await stack.Admin.PutAsync("/v1/blueprints/bad-next", Json(content));

        await AssertNamesFieldAsync(response, field, why);
        Assert.Equal(revisions, await stack.CountAsync("SELECT count(*) FROM blueprint_revisions"));
        Assert.Equal(1, (await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/blueprints/bad-next")).GetProperty("latestRevision").GetInt32());
    }

    [Theory]
    [InlineData("""{"traitGroups":[]}""", "name")]
    [InlineData("""{"name":"Support"}""", "name")]
    [InlineData("""{"name":"9lives"}""", "name")]
    [InlineData("""{"name":"a-name-far-too-long-for-a-blueprint-because-it-has-more-than-63-chars"}""", "name")]
    public async Task A_bad_name_is_a_400_naming_it(string body, string field)
    {
        using var response = await stack.Admin.PostAsync("/v1/blueprints", Json(body));

        await AssertNamesFieldAsync(response, field, body);
    }

    [Fact]
    public async Task A_bad_name_in_the_path_of_a_put_is_a_400_and_creates_nothing()
    {
        using var response = await stack.Admin.PutAsync("/v1/blueprints/Not_A_Name", Json("""{"traitGroups":[]}"""));

        await AssertNamesFieldAsync(response, "name", "path name");
        Assert.Equal(0, await stack.CountAsync("SELECT count(*) FROM blueprints WHERE name = 'Not_A_Name'"));
    }

    [Fact]
    public async Task Every_limit_reached_exactly_is_accepted()
    {
        // 50 groups of 95 traits: some 200 KB, past the API's usual body limit.
        var groups = Enumerable.Range(0, 50).Select(i => $$"""{"displayName":"g{{i}}","traits":{{Traits(95)}}}""");
        var configs = Enumerable.Range(0, 15).Select(i => $$"""{"idType":"id{{i}}","matchingAlgo":"fuzzy","matchingThreshold":{{(i % 2 == 0 ? 50 : 99)}},"limit":{{(i % 2 == 0 ? 1 : 100)}},"limitPolicy":"lifo","enforceUnique":false,"normalization":"none"}""");
        var body = """
            {"name":"at-the-limits","traitGroups":[@groups],
             "identityResolution":{"identifierConfigs":[@configs],"matchingRules":[@rules]},
             "orchestrator":{"intelligenceConfigurationIds":["a","b","c","d","e"],"statusCallbacks":[{"url":"https://a.example"},{"url":"https://b.example","method":"get"}],
                             "statusTimeouts":{"sms":{"inactive":1},"VOICE":{"closed":1},"CHAT":{"inactive":30,"closed":60}}}}
            """.Replace("@groups", string.Join(',', groups)).Replace("@configs", string.Join(',', configs))
            .Replace("@rules", string.Join(',', Enumerable.Range(0, 15).Select(i => $"\"id{i}\"")));

        using var response = await stack.Admin.PostAsync("/v1/blueprints", Json(body));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var latest = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("latest");
        Assert.Equal(50 * 95, latest.GetProperty("traitGroups").EnumerateArray().Sum(g => g.GetProperty("traits").EnumerateObject().Count()));
        Assert.Equal(["CHAT", "SMS", "VOICE"], latest.GetProperty("orchestrator").GetProperty("statusTimeouts").EnumerateObject().Select(p => p.Name));
        Assert.Equal("GET", latest.GetProperty("orchestrator").GetProperty("statusCallbacks")[1].GetProperty("method").GetString());
    }

    /// <summary>A traits map of <paramref name="count"/> STRING traits.</summary>
    private static string Traits(int count) => "{" + string.Join(',', Enumerable.Range(0, count).Select(t => $"\"trait{t:D4}\":{{\"dataType\":\"STRING\"}}")) + "}";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task AssertNamesFieldAsync(HttpResponseMessage response, string field, string why)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.True(errors.Contains(field), $"{why}: expected an error for '{field}', got [{string.Join(", ", errors)}]");
    }
}
