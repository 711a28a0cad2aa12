using System.Net;
using System.Text.Json.Nodes;
using Provisioning.TwilioEmulator.Admin;

namespace Provisioning.TwilioEmulator.Tests;

/// <summary>
/// Channel settings as Twilio publishes them (contract §12.4): capture-rule address formats per channel (P18) and per
/// voice call type (P19), channelSettings keys (P20), and the VOICE billing rule (P22) shown through the admin API.
/// </summary>
public sealed class ChannelSettingsPublishedRulesTests(EmulatorFixture emulator) : EmulatorTestBase(emulator)
{
    private const string ConfigurationsUrl = "https://conversations.twilio.com/v2/ControlPlane/Configurations";

    private async Task<string> CreateBodyAsync(string name, string channelSettings)
    {
        var storeId = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, name)).Id;
        return $$"""{"displayName":"{{name}}","description":"d","conversationGroupingType":"GROUP_BY_PROFILE","memoryStoreId":"{{storeId}}","channelSettings":{{channelSettings}}}""";
    }

    private static string Rules(string channel, string from, string to, string? callType = null)
    {
        var rule = new JsonObject { ["from"] = from, ["to"] = to };
        if (callType is not null) rule["metadata"] = new JsonObject { ["callType"] = callType };
        return new JsonObject { [channel] = new JsonObject { ["captureRules"] = new JsonArray(rule) } }.ToJsonString();
    }

    [Theory]
    [InlineData("SMS", "+18005550100")]
    [InlineData("VOICE", "+18005550100")]
    [InlineData("WHATSAPP", "whatsapp:+18005550100")]
    [InlineData("WHATSAPP", "+18005550100")]
    [InlineData("RCS", "rcs:brand_acme_agent")]
    [InlineData("RCS", "rcs:+18005550100")]
    [InlineData("CHAT", "support-bot")]
    public async Task Addresses_in_the_published_format_of_their_channel_are_accepted(string channel, string address)
    {
        using var response = await SendAsParentAsync(HttpMethod.Post, ConfigurationsUrl,
            await CreateBodyAsync("client-ok", Rules(channel, address, "*")));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("SMS", "whatsapp:+18005550100")]
    [InlineData("SMS", "555-0100")]
    [InlineData("VOICE", "client:alice")]
    [InlineData("WHATSAPP", "whatsapp:brand")]
    [InlineData("RCS", "+18005550100")]
    [InlineData("RCS", "brand_acme_agent")]
    [InlineData("RCS", "whatsapp:+18005550100")]
    public async Task An_address_outside_its_channels_published_format_is_400_naming_the_format(string channel, string address)
    {
        using var response = await SendAsParentAsync(HttpMethod.Post, ConfigurationsUrl,
            await CreateBodyAsync("client-bad", Rules(channel, "*", address)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains($"not a valid {channel} address", body, StringComparison.Ordinal);
        Assert.Empty((await Emulator.GetStateAsync()).Configurations);
    }

    [Theory]
    [InlineData("CLIENT", "alice", true)]
    [InlineData("CLIENT", "client:alice", true)]
    [InlineData("PUBLIC_SIP", "sip:support@acme.sip.twilio.com", true)]
    [InlineData("PUBLIC_SIP", "+18005550100", true)]
    [InlineData("PUBLIC_SIP", "alice", false)]
    [InlineData("PSTN", "sip:support@acme.sip.twilio.com", false)]
    public async Task A_voice_rule_matches_the_address_kind_of_its_call_type(string callType, string address, bool accepted)
    {
        using var response = await SendAsParentAsync(HttpMethod.Post, ConfigurationsUrl,
            await CreateBodyAsync("client-voice", Rules("VOICE", "*", address, callType)));
        Assert.Equal(accepted ? HttpStatusCode.Accepted : HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_unpublished_key_is_refused_but_a_VIDEO_key_is_kept_so_a_full_PUT_can_carry_it_back()
    {
        using (var unknown = await SendAsParentAsync(HttpMethod.Post, ConfigurationsUrl, await CreateBodyAsync("client-keys", """{"EMAIL":{}}""")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            var message = await unknown.Content.ReadAsStringAsync();
            Assert.Contains("VOICE, SMS, RCS, WHATSAPP, CHAT", message, StringComparison.Ordinal);
            Assert.DoesNotContain("VIDEO", message, StringComparison.Ordinal);
        }

        using var video = await SendAsParentAsync(HttpMethod.Post, ConfigurationsUrl,
            await CreateBodyAsync("client-video", """{"VIDEO":{"statusTimeouts":{"inactive":5}}}"""));
        Assert.Equal(HttpStatusCode.Accepted, video.StatusCode);
        var stored = Assert.Single((await Emulator.GetStateAsync()).Configurations);
        Assert.Equal(5, stored.ChannelSettings!["VIDEO"]!["statusTimeouts"]!["inactive"]!.GetValue<int>());
    }

    [Fact]
    public async Task Saving_voice_capture_rules_provisions_transcription_and_active_voice_provisions_none()
    {
        // Active voice: a VOICE entry with statusTimeouts only, as Twilio's guide writes it.
        using (var active = await SendAsParentAsync(HttpMethod.Post, ConfigurationsUrl,
                   await CreateBodyAsync("client-active", """{"VOICE":{"statusTimeouts":null},"SMS":{"captureRules":[{"from":"*","to":"+18005550100"}]}}""")))
            Assert.Equal(HttpStatusCode.Accepted, active.StatusCode);
        var configuration = Assert.Single((await Emulator.GetStateAsync()).Configurations);
        Assert.Null(configuration.VoiceTranscriptionProvisionedAt);
        Assert.Equal(0, configuration.VoiceTranscriptionProvisionings);

        // Passive: saving VOICE capture rules provisions it, once, until they go.
        string Put(string channels) =>
            $$"""{"conversationGroupingType":"GROUP_BY_PROFILE","description":"d","memoryStoreId":"{{configuration.MemoryStoreId}}","channelSettings":{{channels}}}""";
        var url = $"{ConfigurationsUrl}/{configuration.Id}";
        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var passive = await SendAsParentAsync(HttpMethod.Put, url, Put("""{"VOICE":{"captureRules":[{"from":"*","to":"+18005550199"}]}}"""));
            Assert.Equal(HttpStatusCode.Accepted, passive.StatusCode);
        }
        configuration = (await Emulator.FindConfigurationAsync(configuration.Id))!;
        Assert.NotNull(configuration.VoiceTranscriptionProvisionedAt);
        Assert.Equal(1, configuration.VoiceTranscriptionProvisionings);

        using (var back = await SendAsParentAsync(HttpMethod.Put, url, Put("""{"VOICE":{"statusTimeouts":{"inactive":5}}}""")))
            Assert.Equal(HttpStatusCode.Accepted, back.StatusCode);
        configuration = (await Emulator.FindConfigurationAsync(configuration.Id))!;
        Assert.Null(configuration.VoiceTranscriptionProvisionedAt);
        Assert.Equal(1, configuration.VoiceTranscriptionProvisionings);

        // Rules planted behind the client's back (a human in the Console) provision it too.
        var planted = await Emulator.ChangeConfigurationOutOfBandAsync(configuration.Id, new OutOfBandConfigurationChange(
            ChannelSettings: JsonNode.Parse("""{"VOICE":{"captureRules":[{"from":"*","to":"alice","metadata":{"callType":"CLIENT"}}]}}""")!.AsObject()));
        Assert.NotNull(planted.VoiceTranscriptionProvisionedAt);
        Assert.Equal(2, planted.VoiceTranscriptionProvisionings);
    }
}
