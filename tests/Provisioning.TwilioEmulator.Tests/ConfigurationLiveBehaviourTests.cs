using System.Net;
using System.Text.Json.Nodes;
using Provisioning.TwilioEmulator.Admin;
using Twilio.Exceptions;
using Twilio.Rest.Conversations.V2;
using static Twilio.Rest.Conversations.V2.ConfigurationResource;

namespace Provisioning.TwilioEmulator.Tests;

/// <summary>
/// Where Twilio's live service differs from the SDKs and specs (contract §10): configuration cap, PUT only,
/// ids missing from the create's answer, immutable grouping, capture-rule limits.
/// </summary>
public sealed class ConfigurationLiveBehaviourTests(EmulatorFixture emulator) : EmulatorTestBase(emulator)
{
    private const string ConfigurationsUrl = "https://conversations.twilio.com/v2/ControlPlane/Configurations";
    private const string BridgeServiceId = "IS0123456789abcdef0123456789abcdef";

    private static CreateConfigurationOptions CreateOptions(
        string displayName,
        string memoryStoreId,
        string? idempotencyKey = null,
        Dictionary<string, CreateConfigurationRequestChannelSettingsValue>? channelSettings = null)
    {
        var builder = new CreateConfigurationRequest.Builder()
            .WithDisplayName(displayName)
            .WithDescription($"Orchestrator for {displayName}")
            .WithConversationGroupingType(ConversationGroupingTypeEnum.GroupByProfile)
            .WithMemoryStoreId(memoryStoreId);
        if (channelSettings is not null) builder.WithChannelSettings(channelSettings);
        return new CreateConfigurationOptions { IdempotencyKey = idempotencyKey, CreateConfigurationRequest = builder.Build() };
    }

    private static List<CreateConfigurationRequestChannelSettingsValueCaptureRules> CaptureRules(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new CreateConfigurationRequestChannelSettingsValueCaptureRules.Builder()
            .WithFrom($"+1555{i:D7}").WithTo("*").Build())];

    /// <summary>Every optional field set, as a configuration made by someone else in the Console might be.</summary>
    private static OutOfBandConfigurationRequest FullForeignConfiguration(string displayName, string storeId) => new(
        displayName,
        storeId,
        MemoryExtractionEnabled: true,
        Description: "made in the Console",
        ConversationGroupingType: "GROUP_BY_PARTICIPANT_ADDRESSES",
        ChannelSettings: JsonNode.Parse("""
            {"SMS":{"statusTimeouts":{"inactive":5,"closed":60},
                    "captureRules":[{"from":"+15550100","to":"*"},{"from":"*","to":"+15550100","metadata":{"source":"console"}}]},
             "VOICE":{"captureRules":[{"from":"*","to":"+15550199","metadata":{"callType":"inbound"}}]}}
            """)!.AsObject(),
        StatusCallbacks: [new StatusCallback("https://example.com/status", "GET")],
        IntelligenceConfigurationIds: ["GT0123456789abcdef0123456789abcdef"],
        ConversationsV1BridgeServiceId: BridgeServiceId,
        TraitExtractionStrategyIds: ["trait-strategy-1"],
        ObservationExtractionStrategyIds: ["observation-strategy-1", "observation-strategy-2"]);

    [Fact]
    public async Task Eleventh_create_is_refused_with_400_and_a_replayed_key_still_gets_its_original_answer()
    {
        // A long delete operation keeps the "delete pending, still counted" window open on a slow machine.
        await Emulator.UpdateSettingsAsync(new { ConfigurationOperationDelayMs = 1500 });
        var storeId = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "client-cap")).Id;
        var keys = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid().ToString()).ToList();
        var operationIds = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var accepted = await CreateWithHeadersAsync(CreateOptions($"client-cap-{i}", storeId, keys[i]), ParentClient);
            operationIds.Add(Assert.Single(accepted.Headers.GetValues("Operation-Id")));
        }

        var refused = await Assert.ThrowsAsync<ApiException>(() => CreateAsync(CreateOptions("client-cap-10", storeId, Guid.NewGuid().ToString()), ParentClient));
        Assert.Equal((400, 400), (refused.Status, refused.Code));
        Assert.Contains("limit is 10", refused.Message, StringComparison.Ordinal);
        Assert.Equal("https://www.twilio.com/docs/errors/400", refused.MoreInfo);

        // A replay of an earlier create is not a new create: it gets its recorded answer, cap or not.
        var replay = await CreateWithHeadersAsync(CreateOptions("client-cap-9", storeId, keys[9]), ParentClient);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(operationIds[9], Assert.Single(replay.Headers.GetValues("Operation-Id")));
        Assert.Equal(10, (await Emulator.GetStateAsync()).Configurations.Count);

        // A configuration being deleted still counts; once its delete completes there is room again.
        var deleted = await DeleteWithHeadersAsync(await FindConfigurationIdAsync(ParentClient, "client-cap-0"), null, ParentClient);
        var whileDeleting = await Assert.ThrowsAsync<ApiException>(() => CreateAsync(CreateOptions("client-cap-10", storeId), ParentClient));
        Assert.Equal(400, whileDeleting.Status);
        await WaitForConversationsOperationAsync(ParentClient, Assert.Single(deleted.Headers.GetValues("Operation-Id")));
        await CreateAsync(CreateOptions("client-cap-10", storeId), ParentClient);
    }

    [Fact]
    public async Task Configurations_not_yet_visible_count_against_the_cap()
    {
        await Emulator.UpdateSettingsAsync(new { ConfigurationCap = 2, EventualConsistencyWindowMs = 10_000 });
        var storeId = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "client-unseen")).Id;
        await CreateAsync(CreateOptions("client-unseen-1", storeId), ParentClient);
        await CreateAsync(CreateOptions("client-unseen-2", storeId), ParentClient);

        Assert.Empty(await ReadAsync(new ReadConfigurationOptions(), ParentClient));
        var refused = await Assert.ThrowsAsync<ApiException>(() => CreateAsync(CreateOptions("client-unseen-3", storeId), ParentClient));
        Assert.Equal(400, refused.Status);
    }

    [Fact]
    public async Task Planted_configurations_may_push_an_account_past_the_cap()
    {
        await Emulator.UpdateSettingsAsync(new { ConfigurationCap = 1 });
        var storeId = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "client-over")).Id;

        await Emulator.PlantConfigurationAsync(Emulator.ParentAccountSid, new OutOfBandConfigurationRequest("foreign-1", storeId));
        await Emulator.PlantConfigurationAsync(Emulator.ParentAccountSid, new OutOfBandConfigurationRequest("foreign-2", storeId));

        Assert.Equal(2, (await Emulator.GetStateAsync()).Configurations.Count);
        var refused = await Assert.ThrowsAsync<ApiException>(() => CreateAsync(CreateOptions("client-over", storeId), ParentClient));
        Assert.Equal(400, refused.Status);
    }

    [Fact]
    public async Task Patch_is_refused_with_405_and_code_20004_unless_allowed()
    {
        var storeId = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "client-patch")).Id;
        var planted = await Emulator.PlantConfigurationAsync(Emulator.ParentAccountSid, new OutOfBandConfigurationRequest("client-patch", storeId));
        var patch = new PatchConfigurationOptions(planted.Id)
        {
            PatchConfigurationRequest = new PatchConfigurationRequest.Builder().WithDescription("patched").Build(),
        };

        var refused = await Assert.ThrowsAsync<ApiException>(() => PatchAsync(patch, ParentClient));
        Assert.Equal((405, 20004), (refused.Status, refused.Code));
        Assert.Contains("PUT", refused.Message, StringComparison.Ordinal);
        using (var raw = await SendAsParentAsync(HttpMethod.Patch, $"{ConfigurationsUrl}/{planted.Id}", """{"description":"patched"}"""))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, raw.StatusCode);
            Assert.Contains("PUT", raw.Content.Headers.Allow);
            Assert.Equal(20004, (int)JsonNode.Parse(await raw.Content.ReadAsStringAsync())!["code"]!);
        }

        var untouched = (await Emulator.FindConfigurationAsync(planted.Id))!;
        Assert.Equal((1L, ""), (untouched.Version, untouched.Description));

        await Emulator.UpdateSettingsAsync(new { AllowConfigurationPatch = true });
        var accepted = await PatchAsync(patch, ParentClient);
        Assert.Equal(planted.Id, accepted.Related["configurationId"].ToString());
        var patched = (await Emulator.FindConfigurationAsync(planted.Id))!;
        Assert.Equal((2L, "patched"), (patched.Version, patched.Description));
    }

    [Fact]
    public async Task With_Never_the_create_answer_names_no_configuration_and_listing_finds_it()
    {
        await Emulator.UpdateSettingsAsync(new { ConfigurationIdInCreateResponse = "Never" });
        var storeId = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "client-hidden")).Id;

        var body = $$"""{"displayName":"client-hidden","description":"d","conversationGroupingType":"GROUP_BY_PROFILE","memoryStoreId":"{{storeId}}"}""";
        using var created = await SendAsParentAsync(HttpMethod.Post, ConfigurationsUrl, body);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var createdText = await created.Content.ReadAsStringAsync();
        var createdJson = JsonNode.Parse(createdText)!.AsObject();
        Assert.NotNull(createdJson["statusUrl"]);
        Assert.False(createdJson.ContainsKey("related"));
        Assert.DoesNotContain("conv_configuration_", createdText, StringComparison.Ordinal);
        var headers = created.Headers.Concat(created.Content.Headers).SelectMany(h => h.Value).ToList();
        Assert.NotEmpty(headers);
        Assert.All(headers, value => Assert.DoesNotContain("conv_configuration_", value, StringComparison.Ordinal));

        var operationId = Assert.Single(created.Headers.GetValues("Operation-Id"));
        Assert.Equal("COMPLETED", (await WaitForConversationsOperationAsync(ParentClient, operationId)).Status.ToString());
        using (var operation = await SendAsParentAsync(HttpMethod.Get, $"https://conversations.twilio.com/v2/ControlPlane/Operations/{operationId}"))
        {
            var operationText = await operation.Content.ReadAsStringAsync();
            var operationJson = JsonNode.Parse(operationText)!.AsObject();
            Assert.True(operationJson.ContainsKey("related"));
            Assert.Null(operationJson["related"]);
            Assert.DoesNotContain("conv_configuration_", operationText, StringComparison.Ordinal);
        }

        // The SDK copes: Related is simply absent.
        var sdkCreated = await CreateAsync(CreateOptions("client-hidden-sdk", storeId), ParentClient);
        Assert.Null(sdkCreated.Related);

        // The configuration exists normally and is found by displayName (L3).
        var id = await FindConfigurationIdAsync(ParentClient, "client-hidden");
        Assert.Equal(storeId, (await FetchAsync(id, ParentClient)).MemoryStoreId);
        Assert.Equal(id, (await Emulator.GetStateAsync()).Operations.Single(o => o.Id == operationId).ResourceId);

        // Updates and deletes name the configuration as before.
        var update = new UpdateConfigurationOptions(id)
        {
            UpdateConfigurationRequest = new UpdateConfigurationRequest.Builder()
                .WithDescription("d2")
                .WithConversationGroupingType(ConversationGroupingTypeEnum.GroupByProfile)
                .WithMemoryStoreId(storeId)
                .WithChannelSettings(new Dictionary<string, UpdateConfigurationRequestChannelSettingsValue>())
                .Build(),
        };
        Assert.Equal(id, (await UpdateAsync(update, ParentClient)).Related["configurationId"].ToString());
        Assert.Equal(id, (await DeleteAsync(id, null, ParentClient)).Related["configurationId"].ToString());
    }

    [Fact]
    public async Task RandomHalf_is_the_default_and_repeats_the_same_choices_after_a_reset()
    {
        var settings = await Emulator.GetSettingsAsync();
        Assert.Equal(ConfigurationIdDisclosure.RandomHalf, settings.ConfigurationIdInCreateResponse);
        Assert.Equal((10, false, 42), (settings.ConfigurationCap, settings.AllowConfigurationPatch, settings.ConfigurationIdOmissionSeed));

        async Task<List<bool>> IdDisclosuresAsync()
        {
            var storeId = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "client-coin")).Id;
            var disclosures = new List<bool>();
            for (var i = 0; i < 10; i++)
            {
                var created = await CreateAsync(CreateOptions($"client-coin-{i}", storeId), ParentClient);
                disclosures.Add(created.Related is not null);
            }

            return disclosures;
        }

        var first = await IdDisclosuresAsync();
        await Emulator.ResetAsync();
        var second = await IdDisclosuresAsync();

        Assert.Equal(first, second);
        Assert.Contains(true, first);
        Assert.Contains(false, first);
    }

    [Fact]
    public async Task Put_replaces_the_whole_configuration_and_removes_the_optional_fields_it_omits()
    {
        var storeA = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "client-put-a")).Id;
        var storeB = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "client-put-b")).Id;
        var planted = await Emulator.PlantConfigurationAsync(Emulator.ParentAccountSid, FullForeignConfiguration("client-put", storeA));
        var before = await FetchAsync(planted.Id, ParentClient);
        Assert.Equal(new[] { "trait-strategy-1" }, before.TraitExtractionStrategyIds);
        Assert.Equal(BridgeServiceId, before.ConversationsV1Bridge.ServiceId);

        var voice = new UpdateConfigurationRequestChannelSettingsValue.Builder()
            .WithCaptureRules([new UpdateConfigurationRequestChannelSettingsValueCaptureRules.Builder().WithFrom("*").WithTo("+15550123").Build()])
            .Build();
        var update = new UpdateConfigurationOptions(planted.Id)
        {
            IdempotencyKey = Guid.NewGuid().ToString(),
            UpdateConfigurationRequest = new UpdateConfigurationRequest.Builder()
                .WithDescription("replaced")
                .WithConversationGroupingType(ConversationGroupingTypeEnum.GroupByParticipantAddresses)
                .WithMemoryStoreId(storeB)
                .WithChannelSettings(new Dictionary<string, UpdateConfigurationRequestChannelSettingsValue> { ["VOICE"] = voice })
                .Build(),
        };
        await UpdateAsync(update, ParentClient);

        Assert.Equal("PUT", (await Emulator.GetRequestsAsync()).Last().Method);
        var after = (await Emulator.FindConfigurationAsync(planted.Id))!;
        Assert.Equal(("replaced", storeB, "GROUP_BY_PARTICIPANT_ADDRESSES"), (after.Description, after.MemoryStoreId, after.ConversationGroupingType));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"VOICE":{"captureRules":[{"from":"*","to":"+15550123"}]}}"""), after.ChannelSettings));
        Assert.Null(after.StatusCallbacks);
        Assert.Null(after.IntelligenceConfigurationIds);
        Assert.Null(after.ConversationsV1BridgeServiceId);
        Assert.Null(after.TraitExtractionStrategyIds);
        Assert.Null(after.ObservationExtractionStrategyIds);
        Assert.False(after.MemoryExtractionEnabled);
        // displayName is optional on PUT; the emulator keeps the current one when it is omitted.
        Assert.Equal("client-put", after.DisplayName);
        Assert.Equal(2L, after.Version);

        var fetched = await FetchAsync(planted.Id, ParentClient);
        Assert.Equal(new[] { "VOICE" }, fetched.ChannelSettings.Keys);
        Assert.Null(fetched.StatusCallbacks);
        Assert.Null(fetched.TraitExtractionStrategyIds);
        Assert.Null(fetched.ConversationsV1Bridge);
    }

    [Fact]
    public async Task Fetch_modify_put_keeps_every_field_it_sends_back()
    {
        var storeId = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "client-rmw")).Id;
        var planted = await Emulator.PlantConfigurationAsync(Emulator.ParentAccountSid, FullForeignConfiguration("client-rmw", storeId));
        var url = $"{ConfigurationsUrl}/{planted.Id}";

        using var fetchedResponse = await SendAsParentAsync(HttpMethod.Get, url);
        var fetched = JsonNode.Parse(await fetchedResponse.Content.ReadAsStringAsync())!.AsObject();
        // Channel settings come back exactly as they were stored.
        Assert.True(JsonNode.DeepEquals(planted.ChannelSettings, fetched["channelSettings"]));

        // The whole fetched object goes back (read-only fields included, which the server ignores) with one change.
        fetched["memoryExtractionEnabled"] = false;
        using var put = await SendAsParentAsync(HttpMethod.Put, url, fetched.ToJsonString(), new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString() });
        Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);

        var after = (await Emulator.FindConfigurationAsync(planted.Id))!;
        Assert.False(after.MemoryExtractionEnabled);
        Assert.Equal(planted.Version + 1, after.Version);
        Assert.True(JsonNode.DeepEquals(planted.ChannelSettings, after.ChannelSettings));
        Assert.Equal(planted.StatusCallbacks, after.StatusCallbacks);
        Assert.Equal(planted.IntelligenceConfigurationIds, after.IntelligenceConfigurationIds);
        Assert.Equal(planted.TraitExtractionStrategyIds, after.TraitExtractionStrategyIds);
        Assert.Equal(planted.ObservationExtractionStrategyIds, after.ObservationExtractionStrategyIds);
        Assert.Equal(BridgeServiceId, after.ConversationsV1BridgeServiceId);
        Assert.Equal((planted.DisplayName, planted.Description, planted.ConversationGroupingType), (after.DisplayName, after.Description, after.ConversationGroupingType));
    }

    [Fact]
    public async Task Put_requires_the_spec_fields_and_cannot_change_the_grouping()
    {
        var storeId = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "client-fixed")).Id;
        var planted = await Emulator.PlantConfigurationAsync(
            Emulator.ParentAccountSid, new OutOfBandConfigurationRequest("client-fixed", storeId, ConversationGroupingType: "GROUP_BY_PARTICIPANT_ADDRESSES"));
        var url = $"{ConfigurationsUrl}/{planted.Id}";
        var complete = new JsonObject
        {
            ["conversationGroupingType"] = "GROUP_BY_PARTICIPANT_ADDRESSES",
            ["channelSettings"] = new JsonObject(),
            ["description"] = "d",
            ["memoryStoreId"] = storeId,
        };

        foreach (var field in complete.Select(p => p.Key).ToList())
        {
            var body = complete.DeepClone().AsObject();
            body.Remove(field);
            using var response = await SendAsParentAsync(HttpMethod.Put, url, body.ToJsonString());
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(field, (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]!, StringComparison.Ordinal);
        }

        var regroup = new UpdateConfigurationOptions(planted.Id)
        {
            UpdateConfigurationRequest = new UpdateConfigurationRequest.Builder()
                .WithDescription("d")
                .WithConversationGroupingType(ConversationGroupingTypeEnum.GroupByProfile)
                .WithMemoryStoreId(storeId)
                .WithChannelSettings(new Dictionary<string, UpdateConfigurationRequestChannelSettingsValue>())
                .Build(),
        };
        var refused = await Assert.ThrowsAsync<ApiException>(() => UpdateAsync(regroup, ParentClient));
        Assert.Equal((400, 400), (refused.Status, refused.Code));
        Assert.Contains("conversationGroupingType cannot be changed", refused.Message, StringComparison.Ordinal);

        // Immutable through PATCH too, where PATCH is allowed.
        await Emulator.UpdateSettingsAsync(new { AllowConfigurationPatch = true });
        using (var patch = await SendAsParentAsync(HttpMethod.Patch, url, """{"conversationGroupingType":"GROUP_BY_PROFILE"}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);
        }

        var unchanged = (await Emulator.FindConfigurationAsync(planted.Id))!;
        Assert.Equal(("GROUP_BY_PARTICIPANT_ADDRESSES", 1L), (unchanged.ConversationGroupingType, unchanged.Version));
        using var samePut = await SendAsParentAsync(HttpMethod.Put, url, complete.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, samePut.StatusCode);
    }

    [Fact]
    public async Task A_channel_takes_at_most_100_capture_rules_and_a_catch_all_rule_is_accepted()
    {
        var storeId = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "client-rules")).Id;
        CreateConfigurationRequestChannelSettingsValue Channel(List<CreateConfigurationRequestChannelSettingsValueCaptureRules> rules) =>
            new CreateConfigurationRequestChannelSettingsValue.Builder().WithCaptureRules(rules).Build();

        var tooMany = await Assert.ThrowsAsync<ApiException>(() =>
            CreateAsync(CreateOptions("client-rules", storeId, channelSettings: new() { ["SMS"] = Channel(CaptureRules(101)) }), ParentClient));
        Assert.Equal(400, tooMany.Status);
        Assert.Contains("SMS", tooMany.Message, StringComparison.Ordinal);
        Assert.Contains("100", tooMany.Message, StringComparison.Ordinal);
        Assert.Empty((await Emulator.GetStateAsync()).Configurations);

        var rules = CaptureRules(99);
        rules.Insert(0, new CreateConfigurationRequestChannelSettingsValueCaptureRules.Builder().WithFrom("*").WithTo("*").Build());
        await CreateAsync(CreateOptions("client-rules", storeId, channelSettings: new() { ["WHATSAPP"] = Channel(rules) }), ParentClient);
        var fetched = await FetchAsync(await FindConfigurationIdAsync(ParentClient, "client-rules"), ParentClient);
        var stored = fetched.ChannelSettings["WHATSAPP"].CaptureRules;
        Assert.Equal(100, stored.Count);
        Assert.Equal(("*", "*"), (stored[0].From, stored[0].To));

        // The limit holds on PUT, per channel, VIDEO included.
        string PutBody(int videoRules) => new JsonObject
        {
            ["conversationGroupingType"] = "GROUP_BY_PROFILE",
            ["description"] = "d",
            ["memoryStoreId"] = storeId,
            ["channelSettings"] = new JsonObject
            {
                ["VIDEO"] = new JsonObject
                {
                    ["captureRules"] = new JsonArray([.. Enumerable.Range(0, videoRules).Select(i => (JsonNode)new JsonObject { ["from"] = $"user-{i}", ["to"] = "*" })]),
                },
            },
        }.ToJsonString();
        using (var rejected = await SendAsParentAsync(HttpMethod.Put, $"{ConfigurationsUrl}/{fetched.Id}", PutBody(101)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
            Assert.Contains("VIDEO", await rejected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var accepted = await SendAsParentAsync(HttpMethod.Put, $"{ConfigurationsUrl}/{fetched.Id}", PutBody(100));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(100, (await Emulator.FindConfigurationAsync(fetched.Id))!.ChannelSettings!["VIDEO"]!["captureRules"]!.AsArray().Count);
    }
}
