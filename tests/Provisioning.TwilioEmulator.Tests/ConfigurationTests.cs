using System.Net;
using System.Text.Json.Nodes;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010;
using Twilio.Rest.Conversations.V2;
using StoreResource = Twilio.Rest.Memory.V1.StoreResource;

namespace Provisioning.TwilioEmulator.Tests;

public sealed class ConfigurationTests(EmulatorFixture emulator) : EmulatorTestBase(emulator)
{
    private const string ConfigurationsUrl = "https://conversations.twilio.com/v2/ControlPlane/Configurations";

    private static CreateConfigurationOptions CreateOptions(string displayName, string memoryStoreId, string? idempotencyKey = null) => new()
    {
        IdempotencyKey = idempotencyKey,
        CreateConfigurationRequest = new ConfigurationResource.CreateConfigurationRequest.Builder()
            .WithDisplayName(displayName)
            .WithDescription($"Orchestrator for {displayName}")
            .WithConversationGroupingType(ConfigurationResource.ConversationGroupingTypeEnum.GroupByProfile)
            .WithMemoryStoreId(memoryStoreId)
            .WithMemoryExtractionEnabled(true)
            .Build(),
    };

    [Fact]
    public async Task Create_with_repeated_idempotency_key_replays_the_response_and_creates_one_configuration()
    {
        // This test reads the id from the 202, which the live service does not always send (contract §10 L3).
        await Emulator.UpdateSettingsAsync(new { ConfigurationIdInCreateResponse = "Always" });
        var storeId = await CreateActiveStoreAsync(ParentClient, "client-idem");
        var key = Guid.NewGuid().ToString();

        var first = await ConfigurationResource.CreateWithHeadersAsync(CreateOptions("client-idem", storeId, key), ParentClient);
        var second = await ConfigurationResource.CreateWithHeadersAsync(CreateOptions("client-idem", storeId, key), ParentClient);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var configurationId = first.Data.Related["configurationId"].ToString()!;
        Assert.Matches("^conv_configuration_[0-9a-z]{26}$", configurationId);
        Assert.Equal(configurationId, second.Data.Related["configurationId"].ToString());
        var operationId = Assert.Single(first.Headers.GetValues("Operation-Id"));
        Assert.StartsWith("proc_job_", operationId, StringComparison.Ordinal);
        Assert.Equal(operationId, Assert.Single(second.Headers.GetValues("Operation-Id")));
        Assert.Equal($"https://conversations.twilio.com/v2/ControlPlane/Operations/{operationId}", first.Data.StatusUrl.ToString());

        var state = await Emulator.GetStateAsync();
        Assert.Single(state.Configurations);
        Assert.Single(state.Operations, o => o.Plane == "Conversations");

        var operation = await WaitForConversationsOperationAsync(ParentClient, operationId);
        Assert.Equal("COMPLETED", operation.Status.ToString());
        Assert.Null(operation.Error);
        Assert.Equal(configurationId, operation.Related["configurationId"].ToString());

        var configuration = await ConfigurationResource.FetchAsync(configurationId, ParentClient);
        Assert.Equal(storeId, configuration.MemoryStoreId);
        Assert.True(configuration.MemoryExtractionEnabled);
        Assert.Equal("client-idem", configuration.DisplayName);

        // A new key is a new request.
        await ConfigurationResource.CreateAsync(CreateOptions("client-idem-2", storeId, Guid.NewGuid().ToString()), ParentClient);
        Assert.Equal(2, (await Emulator.GetStateAsync()).Configurations.Count);
    }

    [Fact]
    public async Task Idempotency_key_must_be_a_uuid()
    {
        var storeId = await CreateActiveStoreAsync(ParentClient, "client-uuid");
        var error = await Assert.ThrowsAsync<ApiException>(() =>
            ConfigurationResource.CreateAsync(CreateOptions("client-uuid", storeId, "not-a-uuid"), ParentClient));
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task Create_is_rejected_for_a_store_of_another_account()
    {
        var sub = await AccountResource.CreateAsync(friendlyName: "tenant-x", client: ParentClient);
        var foreignStore = await Emulator.CreateStoreOutOfBandAsync(sub.Sid, "client-x");

        var error = await Assert.ThrowsAsync<ApiException>(() => ConfigurationResource.CreateAsync(CreateOptions("client-x", foreignStore.Id), ParentClient));

        Assert.Equal((400, 400), (error.Status, error.Code));
        Assert.Empty((await Emulator.GetStateAsync()).Configurations);
        // With the subaccount's own credentials the same store is fine.
        await ConfigurationResource.CreateAsync(CreateOptions("client-x", foreignStore.Id), CreateClient(sub.Sid, sub.AuthToken));
    }

    [Fact]
    public async Task Create_is_rejected_while_the_store_is_not_active_and_the_same_key_works_once_it_is()
    {
        // A long PROVISIONING phase keeps the "not ACTIVE yet" window wide open on a slow machine.
        await Emulator.UpdateSettingsAsync(new { OperationDelayMs = 100, StoreActivationDelayMs = 1500 });
        var created = await StoreResource.CreateAsync(new StoreResource.ServiceRequest.Builder().WithDisplayName("client-early").Build(), ParentClient);
        var storeId = (await WaitForMemoryOperationAsync(ParentClient, OperationIdFromStatusUrl(created.StatusUrl))).Result.Id;
        var key = Guid.NewGuid().ToString();

        var early = await Assert.ThrowsAsync<ApiException>(() => ConfigurationResource.CreateAsync(CreateOptions("client-early", storeId, key), ParentClient));
        Assert.Equal(400, early.Status);
        Assert.Contains("PROVISIONING", early.Message, StringComparison.Ordinal);

        // Refusals are not recorded under the key, so the retry with the same key goes through.
        await WaitForActiveStoreAsync(ParentClient, storeId);
        var accepted = await ConfigurationResource.CreateWithHeadersAsync(CreateOptions("client-early", storeId, key), ParentClient);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        var failed = await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "client-failed");
        await Emulator.ChangeStoreOutOfBandAsync(failed.Id, new Admin.OutOfBandStoreChange(Status: "FAILED"));
        var onFailed = await Assert.ThrowsAsync<ApiException>(() => ConfigurationResource.CreateAsync(CreateOptions("client-failed", failed.Id), ParentClient));
        Assert.Equal(400, onFailed.Status);
    }

    [Fact]
    public async Task List_filters_by_memory_store_id_and_pages_by_token()
    {
        var storeA = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "a")).Id;
        var storeB = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "b")).Id;
        await ConfigurationResource.CreateAsync(CreateOptions("config-a1", storeA), ParentClient);
        await ConfigurationResource.CreateAsync(CreateOptions("config-b1", storeB), ParentClient);
        await ConfigurationResource.CreateAsync(CreateOptions("config-a2", storeA), ParentClient);

        var forA = (await ConfigurationResource.ReadAsync(new ReadConfigurationOptions { MemoryStoreId = storeA }, ParentClient)).ToList();
        Assert.Equal(new[] { "config-a1", "config-a2" }, forA.Select(c => c.DisplayName));

        using var firstPage = await SendAsParentAsync(HttpMethod.Get, $"{ConfigurationsUrl}?pageSize=2");
        var first = JsonNode.Parse(await firstPage.Content.ReadAsStringAsync())!;
        Assert.Equal(2, first["configurations"]!.AsArray().Count);
        Assert.Equal("configurations", (string?)first["meta"]!["key"]);
        using var secondPage = await SendAsParentAsync(HttpMethod.Get, $"{ConfigurationsUrl}?pageSize=2&pageToken={first["meta"]!["nextToken"]}");
        var second = JsonNode.Parse(await secondPage.Content.ReadAsStringAsync())!;
        Assert.Equal("config-a2", (string?)second["configurations"]![0]!["displayName"]);
        // meta.pageSize is the number of items actually returned.
        Assert.Equal(1, (int)second["meta"]!["pageSize"]!);
        Assert.Null(second["meta"]!["nextToken"]);

        using var tooLarge = await SendAsParentAsync(HttpMethod.Get, $"{ConfigurationsUrl}?pageSize=1001");
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
    }

    [Fact]
    public async Task Patch_merges_channel_settings_and_delete_makes_the_configuration_404()
    {
        // PATCH merge semantics (C5) are still modelled, behind a switch: the live service refuses PATCH (§10 L2).
        // The id is read from the 202, so it must be sent (L3).
        await Emulator.UpdateSettingsAsync(new { AllowConfigurationPatch = true, ConfigurationIdInCreateResponse = "Always" });
        var storeId = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "client-merge")).Id;
        var createBody = new JsonObject
        {
            ["displayName"] = "client-merge",
            ["description"] = "d",
            ["conversationGroupingType"] = "GROUP_BY_PARTICIPANT_ADDRESSES",
            ["memoryStoreId"] = storeId,
            ["channelSettings"] = JsonNode.Parse("""{"SMS":{"statusTimeouts":{"inactive":5}},"VOICE":{"statusTimeouts":{"closed":10}}}"""),
        }.ToJsonString();
        using var created = await SendAsParentAsync(HttpMethod.Post, ConfigurationsUrl, createBody);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["related"]!["configurationId"]!;

        using var patched = await SendAsParentAsync(HttpMethod.Patch, $"{ConfigurationsUrl}/{id}",
            """{"channelSettings":{"SMS":null,"CHAT":{"statusTimeouts":{"inactive":2}}},"memoryExtractionEnabled":true}""");
        Assert.Equal(HttpStatusCode.Accepted, patched.StatusCode);

        var configuration = await ConfigurationResource.FetchAsync(id, ParentClient);
        Assert.Equal(new[] { "CHAT", "VOICE" }, configuration.ChannelSettings.Keys.Order());
        Assert.True(configuration.MemoryExtractionEnabled);
        Assert.Equal(2, configuration.Version);

        var deleted = await ConfigurationResource.DeleteWithHeadersAsync(id, null, ParentClient);
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal(id, deleted.Data.Related["configurationId"].ToString());
        var deleteOperationId = Assert.Single(deleted.Headers.GetValues("Operation-Id"));
        await WaitForConversationsOperationAsync(ParentClient, deleteOperationId);
        using (var raw = await SendAsParentAsync(HttpMethod.Get, $"https://conversations.twilio.com/v2/ControlPlane/Operations/{deleteOperationId}"))
        {
            // C7 shape: explicit null error, related.configurationId, Retry-After on operation fetches.
            var operation = JsonNode.Parse(await raw.Content.ReadAsStringAsync())!.AsObject();
            Assert.True(operation.ContainsKey("error"));
            Assert.Null(operation["error"]);
            Assert.Equal(id, (string?)operation["related"]!["configurationId"]);
            Assert.NotNull(operation["completedAt"]);
            Assert.NotNull(raw.Headers.RetryAfter);
        }

        var error = await Assert.ThrowsAsync<ApiException>(() => ConfigurationResource.FetchAsync(id, ParentClient));
        Assert.Equal((404, 20404), (error.Status, error.Code));
    }

    [Fact]
    public async Task Invalid_configuration_bodies_are_400()
    {
        var storeId = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "client-v")).Id;
        string Body(string displayName, string grouping) =>
            $$"""{"displayName":"{{displayName}}","description":"d","conversationGroupingType":"{{grouping}}","memoryStoreId":"{{storeId}}"}""";

        string WithChannels(string channelSettings) =>
            $$"""{"displayName":"ok","description":"d","conversationGroupingType":"GROUP_BY_PROFILE","memoryStoreId":"{{storeId}}","channelSettings":{{channelSettings}}}""";

        foreach (var body in new[]
        {
            Body(new string('a', 33), "GROUP_BY_PROFILE"),
            Body("bad.name", "GROUP_BY_PROFILE"),
            Body("trailing-newline\\n", "GROUP_BY_PROFILE"),
            Body("ok", "GROUP_BY_NOTHING"),
            $$"""{"displayName":"ok","conversationGroupingType":"GROUP_BY_PROFILE","memoryStoreId":"{{storeId}}"}""",
            WithChannels("""{"EMAIL":{}}"""),
            WithChannels("""{"SMS":{"statusTimeouts":{"inactive":1.5}}}"""),
            WithChannels("""{"SMS":{"statusTimeouts":{"closed":0}}}"""),
            WithChannels("""{"SMS":{"captureRules":[{"from":"*"}]}}"""),
            WithChannels("""{"VOICE":{"captureRules":[{"from":"*","to":"+15550100","metadata":{"callType":5}}]}}"""),
        })
        {
            using var response = await SendAsParentAsync(HttpMethod.Post, ConfigurationsUrl, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Empty((await Emulator.GetStateAsync()).Configurations);

        // The same shapes, valid: a VIDEO key is kept (contract §12.4 P20: not published, but kept for full PUTs), metadata maps strings to strings.
        using var valid = await SendAsParentAsync(HttpMethod.Post, ConfigurationsUrl, WithChannels(
            """{"VIDEO":{"statusTimeouts":{"inactive":1,"closed":2}},"VOICE":{"captureRules":[{"from":"*","to":"+15550100","metadata":{"callType":"inbound"}}]}}"""));
        Assert.Equal(HttpStatusCode.Accepted, valid.StatusCode);
    }

    [Fact]
    public async Task Status_callback_methods_other_than_post_and_get_are_refused_on_create_put_and_patch()
    {
        await Emulator.UpdateSettingsAsync(new { AllowConfigurationPatch = true });
        var storeId = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "client-cb")).Id;
        var configuration = await Emulator.PlantConfigurationAsync(Emulator.ParentAccountSid, new Admin.OutOfBandConfigurationRequest("client-cb", storeId));
        string Body(string method) =>
            $$"""{"displayName":"client-cb","description":"d","conversationGroupingType":"GROUP_BY_PROFILE","memoryStoreId":"{{storeId}}","channelSettings":{},"statusCallbacks":[{"url":"https://example.com/cb","method":"{{method}}"}]}""";

        foreach (var (method, url) in new[]
        {
            (HttpMethod.Post, ConfigurationsUrl),
            (HttpMethod.Put, $"{ConfigurationsUrl}/{configuration.Id}"),
            (HttpMethod.Patch, $"{ConfigurationsUrl}/{configuration.Id}"),
        })
        {
            foreach (var callbackMethod in new[] { "PUT", "DELETE", "PATCH", "post" })
            {
                using var refused = await SendAsParentAsync(method, url, Body(callbackMethod));
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
                Assert.Contains("statusCallbacks[].method", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            using var accepted = await SendAsParentAsync(method, url, Body(method == HttpMethod.Put ? "GET" : "POST"));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }
    }

    [Fact]
    public async Task Description_longer_than_512_characters_is_refused_on_create_and_put()
    {
        var storeId = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "client-long")).Id;
        string Body(int length) =>
            $$"""{"displayName":"client-long","description":"{{new string('d', length)}}","conversationGroupingType":"GROUP_BY_PROFILE","memoryStoreId":"{{storeId}}","channelSettings":{} }""";

        using (var tooLong = await SendAsParentAsync(HttpMethod.Post, ConfigurationsUrl, Body(513)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        }

        using (var longest = await SendAsParentAsync(HttpMethod.Post, ConfigurationsUrl, Body(512)))
        {
            Assert.Equal(HttpStatusCode.Accepted, longest.StatusCode);
        }

        var id = await FindConfigurationIdAsync(ParentClient, "client-long");
        using (var tooLongPut = await SendAsParentAsync(HttpMethod.Put, $"{ConfigurationsUrl}/{id}", Body(513)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooLongPut.StatusCode);
        }

        Assert.Equal(512, (await Emulator.FindConfigurationAsync(id))!.Description.Length);
    }
}
