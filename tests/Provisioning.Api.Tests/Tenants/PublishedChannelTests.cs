using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.Api.Tests.Reconciliation;
using Provisioning.TwilioEmulator.Admin;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>
/// Channels as Twilio publishes them (contract §12.4): voice capture is a per-tenant choice with a price (P22), call
/// types only when asked (P19), addresses owned without their prefixes (P18, L6), never a VIDEO channel (P20).
/// Read back from the emulator, which provisions transcription for saved VOICE capture rules as Twilio does.
/// </summary>
public sealed class PublishedChannelTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    [Fact]
    public async Task Passive_voice_captures_numbers_identities_and_sip_addresses_with_their_call_types_and_provisions_transcription_until_made_active()
    {
        var ready = await SignUpAsync("voice-passive", new
        {
            VOICE = new
            {
                ingestion = "passive",
                addresses = new[] { "+15556660001" },
                clientIdentities = new[] { "client:agent_alice" },
                sipAddresses = new[] { "sip:support@acme.sip.twilio.com" },
            },
        });

        var configuration = await ConfigurationOfAsync(ready);
        var expected = JsonNode.Parse("""
            { "VOICE": { "captureRules": [
                { "from": "*", "to": "+15556660001" },
                { "from": "agent_alice", "to": "*", "metadata": { "callType": "CLIENT" } },
                { "from": "*", "to": "agent_alice", "metadata": { "callType": "CLIENT" } },
                { "from": "*", "to": "sip:support@acme.sip.twilio.com", "metadata": { "callType": "PUBLIC_SIP" } } ] } }
            """);
        Assert.True(JsonNode.DeepEquals(expected, configuration.ChannelSettings), configuration.ChannelSettings?.ToJsonString());
        Assert.NotNull(configuration.VoiceTranscriptionProvisionedAt);
        var tenant = await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/voice-passive");
        Assert.Equal(JsonValueKind.Null, tenant.GetProperty("conversationConfiguration").ValueKind);

        // Made active: the rules go (and with them the transcription); the numbers stay the tenant's.
        using var active = await PatchAsync("voice-passive",
            """{"orchestrator":{"channels":{"VOICE":{"ingestion":"active","clientIdentities":null,"sipAddresses":null,"statusTimeouts":{"inactive":5}}}}}""");
        Assert.Equal(HttpStatusCode.Accepted, active.StatusCode);
        configuration = await WaitForConfigurationAsync(ready, c => c.ChannelSettings?["VOICE"]?["captureRules"] is null);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"VOICE":{"statusTimeouts":{"inactive":5}}}"""), configuration.ChannelSettings));
        Assert.Null(configuration.VoiceTranscriptionProvisionedAt);
        tenant = await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/voice-passive");
        Assert.Equal(ready.OrchestratorConfigurationId, tenant.GetProperty("conversationConfiguration").GetString());
        Assert.Equal("+15556660001", tenant.GetProperty("orchestrator").GetProperty("channels").GetProperty("VOICE").GetProperty("addresses")[0].GetString());
    }

    [Fact]
    public async Task Address_ownership_compares_addresses_without_their_channel_prefix_per_channel()
    {
        await SignUpAsync("owner-wa", new { WHATSAPP = new { addresses = new[] { "whatsapp:+15556670001" } }, RCS = new { addresses = new[] { "rcs:+15556670002" } } });

        foreach (var (clientId, channels, address) in new (string, object, string)[]
                 {
                     ("other-wa", new { WHATSAPP = new { addresses = new[] { "+15556670001" } } }, "+15556670001"),
                     ("other-rcs", new { RCS = new { addresses = new[] { "+15556670002" } } }, "+15556670002"),
                 })
        {
            using var taken = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId, orchestrator = new { channels } });
            Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
            Assert.Contains(address, await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Capture is per channel: the same number on SMS is another capture, which cannot see WhatsApp traffic.
        await SignUpAsync("other-sms", new { SMS = new { addresses = new[] { "+15556670001" } } });
    }

    [Fact]
    public async Task Channel_settings_outside_the_published_rules_are_400_naming_the_field()
    {
        var cases = new (object Channels, string Field)[]
        {
            (Channel("VIDEO", new { addresses = new[] { "+15556680001" } }), "orchestrator.channels.VIDEO"),
            (Channel("SMS", new { addresses = new[] { "+15556680001" }, ingestion = "active" }), "orchestrator.channels.SMS.ingestion"),
            (Channel("VOICE", new { addresses = new[] { "+15556680001" }, ingestion = "sometimes" }), "orchestrator.channels.VOICE.ingestion"),
            (Channel("VOICE", new { addresses = new[] { "+15556680001" }, clientIdentities = new[] { "alice" } }), "orchestrator.channels.VOICE.clientIdentities"),
            (Channel("VOICE", new { ingestion = "passive", clientIdentities = new[] { "*" } }), "orchestrator.channels.VOICE.clientIdentities[0]"),
            (Channel("VOICE", new { ingestion = "passive", sipAddresses = new[] { "sip:*@acme.sip.twilio.com" } }), "orchestrator.channels.VOICE.sipAddresses[0]"),
            (Channel("VOICE", new { ingestion = "passive" }), "orchestrator.channels.VOICE.addresses"),
            (Channel("RCS", new { addresses = new[] { "brand_acme_agent" } }), "orchestrator.channels.RCS.addresses[0]"),
            (Channel("RCS", new { addresses = new[] { "rcs:+15556680001", "+15556680001" } }), "orchestrator.channels.RCS.addresses[1]"),
            (Channel("WHATSAPP", new { addresses = new[] { "whatsapp:brand" } }), "orchestrator.channels.WHATSAPP.addresses[0]"),
        };
        foreach (var (channels, field) in cases)
        {
            using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "refused-channel", orchestrator = new { channels } });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out _), $"{field} not in {errors}");
        }

        // Active voice needs no number: the TwiML names the configuration.
        var ready = await SignUpAsync("voice-only-active", new { VOICE = new { ingestion = "active" } });
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"VOICE":{"statusTimeouts":null}}"""), (await ConfigurationOfAsync(ready)).ChannelSettings));
    }

    [Fact]
    public async Task A_tenant_whose_voice_channel_was_stored_before_ingestion_existed_keeps_its_capture_rules_on_its_next_apply()
    {
        var ready = await SignUpAsync("voice-legacy", new { VOICE = new { addresses = new[] { "+15556690001" }, ingestion = "passive" } });
        // As a row written before ingestion existed: the VOICE channel has no ingestion, in the settings and in what was applied.
        await using (var connection = new NpgsqlConnection(stack.ConnectionString))
        {
            await connection.OpenAsync();
            await using var strip = new NpgsqlCommand(
                "UPDATE tenants SET orchestrator = orchestrator #- '{channels,VOICE,ingestion}', applied_orchestrator = applied_orchestrator #- '{channels,VOICE,ingestion}' "
                + "WHERE client_id = 'voice-legacy'", connection);
            Assert.Equal(1, await strip.ExecuteNonQueryAsync());
        }

        var tenant = await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/voice-legacy");
        Assert.Equal("passive", tenant.GetProperty("orchestrator").GetProperty("channels").GetProperty("VOICE").GetProperty("ingestion").GetString());
        // Reconciliation sees nothing to repair, and the next settings change applies the rules unchanged.
        var run = await stack.Admin.RunAsync(dryRun: true);
        // Drift is what the missing ingestion could cause; a listing that lags the fresh configuration (contract §10) is not this test's.
        Assert.DoesNotContain(run.GetProperty("findings").EnumerateArray(),
            f => f.GetProperty("clientId").GetString() == "voice-legacy" && f.GetProperty("kind").GetString() == "ConfigurationDrift");
        using var renamed = await PatchAsync("voice-legacy", """{"displayName":"Renamed"}""");
        Assert.Equal(HttpStatusCode.Accepted, renamed.StatusCode);
        await WaitUntilAppliedAsync("voice-legacy", 2);
        var configuration = await ConfigurationOfAsync(ready);
        Assert.Equal("+15556690001", configuration.ChannelSettings!["VOICE"]!["captureRules"]![0]!["to"]!.GetValue<string>());
        Assert.Equal(1, configuration.VoiceTranscriptionProvisionings);
    }

    // A dictionary keeps the channel's name as written (an anonymous type's would be camel-cased on the wire).
    private static Dictionary<string, object> Channel(string name, object settings) => new() { [name] = settings };

    private async Task<TenantView> SignUpAsync(string clientId, object channels)
    {
        using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId, orchestrator = new { channels } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await stack.WaitForStatusAsync(clientId, TenantStatus.Ready);
    }

    private Task<HttpResponseMessage> PatchAsync(string clientId, string patch) =>
        stack.ControlPlane.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/v1/tenants/{clientId}")
        {
            Content = new StringContent(patch, Encoding.UTF8, "application/merge-patch+json"),
        });

    private async Task WaitUntilAppliedAsync(string clientId, int revision)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var tenant = await stack.ControlPlane.GetFromJsonAsync<JsonElement>($"/v1/tenants/{clientId}");
            if (tenant.GetProperty("appliedSettingsRevision").GetInt32() >= revision) return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Tenant {clientId} did not apply settings revision {revision}.");
    }

    private async Task<ConfigurationSnapshot> WaitForConfigurationAsync(TenantView tenant, Func<ConfigurationSnapshot, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var configuration = await ConfigurationOfAsync(tenant);
            if (done(configuration)) return configuration;
            Assert.True(DateTime.UtcNow < deadline, $"the configuration did not change: {configuration.ChannelSettings?.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    private async Task<ConfigurationSnapshot> ConfigurationOfAsync(TenantView tenant) =>
        await stack.Emulator.FindConfigurationAsync(tenant.OrchestratorConfigurationId!) ?? throw new InvalidOperationException("no configuration");
}
