using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator.Admin;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>A tenant's channels become capture rules at Twilio, and settings change later by merge patch, applied by PUT.</summary>
public sealed class TenantSettingsTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    [Fact]
    public async Task A_signup_with_channels_gets_prefixed_messaging_rules_and_a_voice_number_without_ingestion_gets_no_capture_rules()
    {
        using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new
        {
            clientId = "chan-1",
            orchestrator = new
            {
                channels = new Dictionary<string, object>
                {
                    ["SMS"] = new { addresses = new[] { "+15551230001" }, statusTimeouts = new { inactive = 30, closed = 120 } },
                    ["WHATSAPP"] = new { addresses = new[] { "whatsapp:+15551230002", "+15551230004" } },
                    ["RCS"] = new { addresses = new[] { "rcs:brand_acme_agent", "+15551230005" } },
                    ["VOICE"] = new { addresses = new[] { "+15551230003" } },
                },
            },
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var ready = await stack.WaitForStatusAsync("chan-1", TenantStatus.Ready);

        // As read back from Twilio: WhatsApp and RCS with their prefixes (P18); VOICE active, timeouts only (P22).
        var configuration = await ConfigurationOfAsync(ready);
        var expected = JsonNode.Parse("""
            {
              "RCS": { "captureRules": [ { "from": "rcs:brand_acme_agent", "to": "*" }, { "from": "*", "to": "rcs:brand_acme_agent" },
                                         { "from": "rcs:+15551230005", "to": "*" }, { "from": "*", "to": "rcs:+15551230005" } ] },
              "SMS": { "captureRules": [ { "from": "+15551230001", "to": "*" }, { "from": "*", "to": "+15551230001" } ],
                       "statusTimeouts": { "inactive": 30, "closed": 120 } },
              "VOICE": { "statusTimeouts": null },
              "WHATSAPP": { "captureRules": [ { "from": "whatsapp:+15551230002", "to": "*" }, { "from": "*", "to": "whatsapp:+15551230002" },
                                              { "from": "whatsapp:+15551230004", "to": "*" }, { "from": "*", "to": "whatsapp:+15551230004" } ] }
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, configuration.ChannelSettings), configuration.ChannelSettings?.ToJsonString());
        Assert.Null(configuration.VoiceTranscriptionProvisionedAt);
        Assert.Equal(0, configuration.VoiceTranscriptionProvisionings);

        var tenant = await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/chan-1");
        var channels = tenant.GetProperty("orchestrator").GetProperty("channels");
        Assert.Equal("+15551230002", channels.GetProperty("WHATSAPP").GetProperty("addresses")[0].GetString());
        Assert.Equal(["rcs:brand_acme_agent", "+15551230005"], channels.GetProperty("RCS").GetProperty("addresses").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("active", channels.GetProperty("VOICE").GetProperty("ingestion").GetString());
        Assert.False(channels.GetProperty("SMS").TryGetProperty("ingestion", out _));
        // What the tenant's TwiML gives <ConversationRelay conversationConfiguration="…">.
        Assert.Equal(ready.OrchestratorConfigurationId, tenant.GetProperty("conversationConfiguration").GetString());
        Assert.Equal(1, tenant.GetProperty("appliedSettingsRevision").GetInt32());
    }

    [Fact]
    public async Task A_patch_of_channels_is_applied_by_put_and_keeps_every_field_the_service_does_not_own()
    {
        var ready = await SignUpAsync("chan-2", new { SMS = new { addresses = new[] { "+15552220001" } } });
        // Settings others made: they must survive our full replacements.
        await stack.Emulator.ChangeConfigurationOutOfBandAsync(ready.OrchestratorConfigurationId!, new OutOfBandConfigurationChange(
            ChannelSettings: new JsonObject
            {
                ["SMS"] = new JsonObject { ["captureRules"] = new JsonArray(new JsonObject { ["from"] = "+15552220001", ["to"] = "*" }, new JsonObject { ["from"] = "*", ["to"] = "+15552220001" }) },
                ["CHAT"] = new JsonObject { ["captureRules"] = new JsonArray(new JsonObject { ["from"] = "support-bot", ["to"] = "*" }) },
                // Not a published key (P20), but one written when Twilio listed it must survive our full replacements too.
                ["VIDEO"] = new JsonObject { ["statusTimeouts"] = new JsonObject { ["inactive"] = 7 } },
            },
            IntelligenceConfigurationIds: ["intelligence-1"],
            TraitExtractionStrategyIds: ["trait-strategy-1"]));
        var since = (await stack.Emulator.GetRequestsAsync()).Max(r => r.Sequence);
        var etag = await ETagAsync("chan-2");

        using var patched = await PatchAsync("chan-2", """{"orchestrator":{"channels":{"SMS":{"addresses":["+15552220009"]},"VOICE":{"addresses":["+15552220010"],"ingestion":"passive"}}}}""", etag);
        Assert.Equal(HttpStatusCode.Accepted, patched.StatusCode);
        var accepted = await patched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, accepted.GetProperty("settingsRevision").GetInt32());
        Assert.NotEqual(etag, patched.Headers.ETag?.Tag);
        await WaitUntilAppliedAsync("chan-2", 2);

        var configuration = await ConfigurationOfAsync(ready);
        Assert.Equal("*", configuration.ChannelSettings!["VOICE"]!["captureRules"]![0]!["from"]!.GetValue<string>());
        Assert.Equal("+15552220009", configuration.ChannelSettings["SMS"]!["captureRules"]![0]!["from"]!.GetValue<string>());
        Assert.Equal("support-bot", configuration.ChannelSettings["CHAT"]!["captureRules"]![0]!["from"]!.GetValue<string>());
        Assert.Equal(7, configuration.ChannelSettings["VIDEO"]!["statusTimeouts"]!["inactive"]!.GetValue<int>());
        Assert.Equal(["intelligence-1"], configuration.IntelligenceConfigurationIds!);
        Assert.Equal(["trait-strategy-1"], configuration.TraitExtractionStrategyIds!);
        Assert.Equal(ready.MemoryStoreId, configuration.MemoryStoreId);
        var log = await stack.Emulator.GetRequestsAsync(since);
        Assert.Contains(log, r => r.Method == "PUT" && r.Path == $"/v2/ControlPlane/Configurations/{ready.OrchestratorConfigurationId}");
        Assert.DoesNotContain(log, r => r.Method == "PATCH" && r.Path.StartsWith("/v2/ControlPlane/Configurations", StringComparison.Ordinal));

        // A channel set to null goes; the channel someone else made stays.
        using var removed = await PatchAsync("chan-2", """{"orchestrator":{"channels":{"VOICE":null}}}""", ifMatch: null);
        Assert.Equal(HttpStatusCode.Accepted, removed.StatusCode);
        await WaitUntilAppliedAsync("chan-2", 3);
        configuration = await ConfigurationOfAsync(ready);
        Assert.Null(configuration.ChannelSettings!["VOICE"]);
        Assert.NotNull(configuration.ChannelSettings["CHAT"]);
        var events = (await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/chan-2/events")).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(2, events.Count(a => a == "SettingsChanged"));
        Assert.Equal(2, events.Count(a => a == "SettingsApplied"));
    }

    [Fact]
    public async Task One_number_belongs_to_one_live_tenant_and_is_free_again_once_that_tenant_is_deleted()
    {
        var claims = await Task.WhenAll(new[] { "addr-a", "addr-b" }.Select(async id =>
        {
            using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants",
                new { clientId = id, orchestrator = new { channels = new { SMS = new { addresses = new[] { "+15553330001" } } } } });
            return (id, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));
        Assert.Single(claims, c => c.StatusCode == HttpStatusCode.Accepted);
        var loser = Assert.Single(claims, c => c.StatusCode == HttpStatusCode.Conflict);
        Assert.Contains("+15553330001", loser.Body, StringComparison.Ordinal);
        var winner = claims.Single(c => c.StatusCode == HttpStatusCode.Accepted).id;
        await stack.WaitForStatusAsync(winner, TenantStatus.Ready);

        // A patch that claims a number another tenant holds is refused the same way, and changes nothing.
        await SignUpAsync("addr-c", new { VOICE = new { addresses = new[] { "+15553330002" } } });
        using var taken = await PatchAsync("addr-c", """{"orchestrator":{"channels":{"SMS":{"addresses":["+15553330001"]}}}}""", ifMatch: null);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("+15553330001", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, (await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/addr-c")).GetProperty("settingsRevision").GetInt32());

        await stack.Admin.DeleteAsync($"/v1/tenants/{winner}?immediate=true");
        await stack.WaitForStatusAsync(winner, TenantStatus.Deleted);
        using var free = await PatchAsync("addr-c", """{"orchestrator":{"channels":{"SMS":{"addresses":["+15553330001"]}}}}""", ifMatch: null);
        Assert.Equal(HttpStatusCode.Accepted, free.StatusCode);
    }

    [Fact]
    public async Task A_patch_is_refused_when_stale_unknown_or_impossible_at_twilio_and_changes_nothing()
    {
        await SignUpAsync("patch-rules", new { SMS = new { addresses = new[] { "+15554440001" } } });
        var etag = await ETagAsync("patch-rules");
        using (var first = await PatchAsync("patch-rules", """{"displayName":"Renamed"}""", etag))
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        using var stale = await PatchAsync("patch-rules", """{"displayName":"Again"}""", etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        using var grouping = await PatchAsync("patch-rules", """{"orchestrator":{"conversationGroupingType":"GROUP_BY_PARTICIPANT_ADDRESSES"}}""", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, grouping.StatusCode);
        Assert.Contains("conversationGroupingType", await grouping.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var unknown = await PatchAsync("patch-rules", """{"clientId":"other"}""", null);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        using var badNumber = await PatchAsync("patch-rules", """{"orchestrator":{"channels":{"SMS":{"addresses":["555-1234"]}}}}""", null);
        Assert.Equal(HttpStatusCode.BadRequest, badNumber.StatusCode);
        Assert.Contains("orchestrator.channels.SMS.addresses[0]", await badNumber.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var tooMany = await PatchAsync("patch-rules", JsonSerializer.Serialize(new
        {
            orchestrator = new { channels = new { SMS = new { addresses = Enumerable.Range(0, 51).Select(i => $"+1555445{i:D4}").ToArray() } } },
        }), null);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        using var form = new HttpRequestMessage(HttpMethod.Patch, "/v1/tenants/patch-rules") { Content = new StringContent("displayName=x", Encoding.UTF8, "application/x-www-form-urlencoded") };
        using (var formResponse = await stack.ControlPlane.SendAsync(form))
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, formResponse.StatusCode);

        var tenant = await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/patch-rules");
        Assert.Equal(2, tenant.GetProperty("settingsRevision").GetInt32());
        Assert.Equal("Renamed", tenant.GetProperty("displayName").GetString());
    }

    private async Task<TenantView> SignUpAsync(string clientId, object channels)
    {
        using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId, orchestrator = new { channels } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await stack.WaitForStatusAsync(clientId, TenantStatus.Ready);
    }

    private async Task<HttpResponseMessage> PatchAsync(string clientId, string patch, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/v1/tenants/{clientId}")
        {
            Content = new StringContent(patch, Encoding.UTF8, "application/merge-patch+json"),
        };
        if (ifMatch is not null) request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        return await stack.ControlPlane.SendAsync(request);
    }

    private async Task<string> ETagAsync(string clientId)
    {
        using var response = await stack.ControlPlane.GetAsync($"/v1/tenants/{clientId}");
        return response.Headers.ETag!.Tag;
    }

    private async Task WaitUntilAppliedAsync(string clientId, int revision)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var tenant = await stack.ControlPlane.GetFromJsonAsync<JsonElement>($"/v1/tenants/{clientId}");
            if (tenant.GetProperty("appliedSettingsRevision").GetInt32() >= revision && tenant.GetProperty("status").GetString() == "Ready") return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Tenant {clientId} did not apply settings revision {revision}.");
    }

    private async Task<ConfigurationSnapshot> ConfigurationOfAsync(TenantView tenant) =>
        await stack.Emulator.FindConfigurationAsync(tenant.OrchestratorConfigurationId!) ?? throw new InvalidOperationException("no configuration");
}
