using System.Net;
using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Tests;

/// <summary>A store's identity resolution settings (contract §12.2, P10): defaults, PUT with If-Match, validation.</summary>
public sealed class IdentityResolutionSettingsTests(EmulatorFixture emulator) : StoreSchemaTestBase(emulator)
{
    private const string EmailConfig = """{"idType":"email","matchingAlgo":"exact","matchingThreshold":75,"limit":100,"limitPolicy":"fifo","enforceUnique":true,"normalization":"email"}""";
    private const string PhoneConfig = """{"idType":"phone","matchingAlgo":"exact","matchingThreshold":75,"limit":100,"limitPolicy":"fifo","enforceUnique":true,"normalization":"phone"}""";

    [Fact]
    public async Task A_new_store_matches_email_then_phone()
    {
        var storeId = await CreateStoreAsync();

        var settings = await SendAsync(HttpMethod.Get, SettingsUrl(storeId));

        Assert.Equal(HttpStatusCode.OK, settings.Status);
        Assert.Equal("\"1\"", settings.ETag);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse($$"""{"identifierConfigs":[{{EmailConfig}},{{PhoneConfig}}],"matchingRules":["email","phone"],"version":1}"""),
            settings.Body));
    }

    [Fact]
    public async Task A_put_replaces_the_settings_once_its_operation_completes_and_a_stale_ETag_is_refused_with_412()
    {
        await Emulator.UpdateSettingsAsync(new { OperationDelayMs = 1000 });
        var storeId = await CreateStoreAsync();
        var put = $$"""{"identifierConfigs":[{{EmailConfig}},{{PhoneConfig}},{"idType":"external_id"}],"matchingRules":["external_id","email","phone"]}""";

        AssertCode(HttpStatusCode.BadRequest, 400, await SendAsync(HttpMethod.Put, SettingsUrl(storeId), put));
        AssertCode(HttpStatusCode.PreconditionFailed, 20412, await SendAsync(HttpMethod.Put, SettingsUrl(storeId), put, ifMatch: "\"0\""));
        var accepted = await SendAsync(HttpMethod.Put, SettingsUrl(storeId), put, ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        Assert.Equal("Identity Resolution Settings accepted for processing.", (string?)accepted.Body["message"]);
        Assert.NotNull(accepted.OperationId);

        // Until the operation completes reads show the old settings; a second writer holding the old ETag loses at once.
        Assert.Equal(1, (int?)(await SendAsync(HttpMethod.Get, SettingsUrl(storeId))).Body["version"]);
        AssertCode(HttpStatusCode.PreconditionFailed, 20412, await SendAsync(HttpMethod.Put, SettingsUrl(storeId), put, ifMatch: "\"1\""));
        Assert.Equal("COMPLETED", (string?)(await WaitForOperationAsync(accepted.OperationId!))["status"]);

        var settings = await SendAsync(HttpMethod.Get, SettingsUrl(storeId));
        Assert.Equal("\"2\"", settings.ETag);
        Assert.Equal(2, (int?)settings.Body["version"]);
        Assert.Equal(["external_id", "email", "phone"], Strings(settings.Body["matchingRules"]));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"idType":"external_id","matchingAlgo":"exact","matchingThreshold":75,"limit":100,"limitPolicy":"fifo","enforceUnique":true,"normalization":"trim"}"""),
            settings.Body["identifierConfigs"]![2]));
    }

    [Fact]
    public async Task Malformed_settings_are_refused_with_400()
    {
        var storeId = await CreateStoreAsync();
        var sixteen = string.Join(",", Enumerable.Range(0, 16).Select(i => $$"""{"idType":"id{{i}}"}"""));

        foreach (var body in new[]
        {
            """{"matchingRules":["email"]}""",
            """{"identifierConfigs":[],"matchingRules":["email"]}""",
            $$"""{"identifierConfigs":[{{sixteen}}],"matchingRules":["id0"]}""",
            """{"identifierConfigs":[{"idType":"email"}],"matchingRules":[]}""",
            """{"identifierConfigs":[{"idType":"email"}],"matchingRules":["phone"]}""",
            """{"identifierConfigs":[{"idType":"email"}],"matchingRules":["email","email"]}""",
            """{"identifierConfigs":[{"idType":"email"},{"idType":"email"}],"matchingRules":["email"]}""",
            """{"identifierConfigs":[{"idType":"e"}],"matchingRules":["e"]}""",
            """{"identifierConfigs":[{"idType":"email","matchingAlgo":"soundex"}],"matchingRules":["email"]}""",
            """{"identifierConfigs":[{"idType":"email","matchingThreshold":49}],"matchingRules":["email"]}""",
            """{"identifierConfigs":[{"idType":"email","limit":101}],"matchingRules":["email"]}""",
            """{"identifierConfigs":[{"idType":"email","limitPolicy":"random"}],"matchingRules":["email"]}""",
            """{"identifierConfigs":[{"idType":"email","enforceUnique":"yes"}],"matchingRules":["email"]}""",
            """{"identifierConfigs":[{"idType":"email","normalization":"upper"}],"matchingRules":["email"]}""",
            """{"identifierConfigs":[{"idType":"email","weight":1}],"matchingRules":["email"]}""",
            """{"identifierConfigs":[{"idType":"email"}],"matchingRules":["email"],"version":1}""",
        })
        {
            AssertCode(HttpStatusCode.BadRequest, 400, await SendAsync(HttpMethod.Put, SettingsUrl(storeId), body, ifMatch: "\"1\""));
        }

        Assert.Equal(1, (int?)(await SendAsync(HttpMethod.Get, SettingsUrl(storeId))).Body["version"]);
    }
}
