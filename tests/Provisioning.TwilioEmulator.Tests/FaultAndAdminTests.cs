using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.TwilioEmulator.Admin;
using Provisioning.TwilioEmulator.Faults;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010;
using Twilio.Rest.Conversations.V2;
using StoreResource = Twilio.Rest.Memory.V1.StoreResource;

namespace Provisioning.TwilioEmulator.Tests;

public sealed class FaultAndAdminTests(EmulatorFixture emulator) : EmulatorTestBase(emulator)
{
    private const string StoresUrl = "https://memory.twilio.com/v1/ControlPlane/Stores";

    private static StoreResource.ServiceRequest Named(string displayName) =>
        new StoreResource.ServiceRequest.Builder().WithDisplayName(displayName).Build();

    [Fact]
    public async Task Error_rate_knob_answers_429_with_retry_after()
    {
        await Emulator.UpdateSettingsAsync(new { ErrorRate = 1.0, ErrorStatusCodes = new[] { 429 }, RetryAfterSeconds = 7 });

        var error = await Assert.ThrowsAsync<ApiException>(() => StoreResource.CreateAsync(Named("client-throttled"), ParentClient));
        Assert.Equal((429, 20429), (error.Status, error.Code));
        using var raw = await SendAsParentAsync(HttpMethod.Get, StoresUrl);
        Assert.Equal(HttpStatusCode.TooManyRequests, raw.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), raw.Headers.RetryAfter!.Delta);
        Assert.Empty((await Emulator.GetStateAsync()).Stores);

        // The admin API is never faulted, so a test can always turn the knob back.
        await Emulator.UpdateSettingsAsync(new { ErrorRate = 0.0 });
        await StoreResource.CreateAsync(Named("client-throttled"), ParentClient);
    }

    [Fact]
    public async Task Redirect_fault_answers_its_3xx_and_location_without_running_the_request()
    {
        await Emulator.AddFaultAsync(new ScriptedFault
        {
            Method = "POST", PathPrefix = "/v1/ControlPlane/Stores", Kind = FaultKind.Redirect, Status = 307, Location = "https://elsewhere.example/stolen",
        });

        using var redirected = await SendAsParentAsync(HttpMethod.Post, StoresUrl, """{"displayName":"client-redirected"}""");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
        Assert.Equal(new Uri("https://elsewhere.example/stolen"), redirected.Headers.Location);
        Assert.Empty((await Emulator.GetStateAsync()).Stores);
        using var admin = new HttpClient { BaseAddress = new Uri(Emulator.BaseUrl) };
        foreach (var body in new[] { """{"kind":"Redirect","status":500,"location":"https://elsewhere.example/"}""", """{"kind":"Redirect","status":302}""" })
        {
            using var refused = await admin.PostAsync("/_emulator/faults", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
    }

    [Fact]
    public async Task Repeat_page_fault_names_the_page_asked_for_as_the_next_one()
    {
        await CreateActiveStoreAsync(ParentClient, "client-paged-1");
        await CreateActiveStoreAsync(ParentClient, "client-paged-2");
        await Emulator.AddFaultAsync(new ScriptedFault { Method = "GET", PathPrefix = "/2010-04-01/Accounts.json", Kind = FaultKind.RepeatPage });
        await Emulator.AddFaultAsync(new ScriptedFault { Method = "GET", PathPrefix = "/v1/ControlPlane/Stores", Kind = FaultKind.RepeatPage, Times = 2 });

        using var accounts = await SendAsParentAsync(HttpMethod.Get, "https://api.twilio.com/2010-04-01/Accounts.json?PageSize=5");
        var first = await StorePageAsync(null);
        var again = await StorePageAsync(first.NextToken);

        Assert.Equal("/2010-04-01/Accounts.json?PageSize=5", JsonNode.Parse(await accounts.Content.ReadAsStringAsync())!["next_page_uri"]!.GetValue<string>());
        Assert.Equal(first.Stores, again.Stores);
        Assert.Equal(first.NextToken, again.NextToken);
        // Used up: the same token reads the first page once more, and its next page is the second store's.
        var normal = await StorePageAsync(first.NextToken);
        Assert.Equal(first.Stores, normal.Stores);
        Assert.NotEqual(first.NextToken, normal.NextToken);
        Assert.NotEqual(first.Stores, (await StorePageAsync(normal.NextToken)).Stores);
    }

    private async Task<(List<string> Stores, string? NextToken)> StorePageAsync(string? token)
    {
        using var response = await SendAsParentAsync(HttpMethod.Get, StoresUrl + "?pageSize=1&orderBy=ASC" + (token is null ? "" : "&pageToken=" + token));
        var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (page["stores"]!.AsArray().Select(s => s!.GetValue<string>()).ToList(), page["meta"]!["nextToken"]?.GetValue<string>());
    }

    [Fact]
    public async Task Requests_past_an_accounts_concurrency_limit_are_429_with_retry_after()
    {
        await Emulator.UpdateSettingsAsync(new { MaxConcurrentRequestsPerAccount = 2, LatencyMs = 500, RetryAfterSeconds = 3 });
        try
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SendAsParentAsync(HttpMethod.Get, StoresUrl)));

            Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
            Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r =>
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode);
                Assert.Equal(TimeSpan.FromSeconds(3), r.Headers.RetryAfter!.Delta);
            });
            // Once those are answered, the account may send again.
            using var after = await SendAsParentAsync(HttpMethod.Get, StoresUrl);
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }
        finally
        {
            await Emulator.UpdateSettingsAsync(new { MaxConcurrentRequestsPerAccount = 0, LatencyMs = 0 });
        }
    }

    [Fact]
    public async Task Scripted_status_fault_fires_the_given_number_of_times_for_matching_requests_only()
    {
        await Emulator.AddFaultAsync(new ScriptedFault { Method = "POST", PathPrefix = "/v1/ControlPlane/Stores", Status = 503, RetryAfterSeconds = 3, Times = 2 });

        using (var list = await SendAsParentAsync(HttpMethod.Get, StoresUrl))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        for (var i = 0; i < 2; i++)
        {
            using var failed = await SendAsParentAsync(HttpMethod.Post, StoresUrl, """{"displayName":"client-retry"}""");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(3), failed.Headers.RetryAfter!.Delta);
            Assert.Equal(20503, (int)JsonNode.Parse(await failed.Content.ReadAsStringAsync())!["code"]!);
        }

        await StoreResource.CreateAsync(Named("client-retry"), ParentClient);
        Assert.Single((await Emulator.GetStateAsync()).Stores);
        Assert.Empty(await Emulator.GetFaultsAsync());
    }

    [Fact]
    public async Task Lost_acknowledgement_performs_the_create_then_answers_500()
    {
        await Emulator.AddFaultAsync(new ScriptedFault { Method = "POST", PathPrefix = "/v1/ControlPlane/Stores", Kind = FaultKind.LostAcknowledgement });

        var lost = await Assert.ThrowsAsync<ApiException>(() => StoreResource.CreateAsync(Named("client-lost"), ParentClient));

        Assert.Equal((500, 20500), (lost.Status, lost.Code));
        var store = Assert.Single((await Emulator.GetStateAsync()).Stores);
        Assert.Equal("client-lost", store.DisplayName);
        // Memory has no idempotency key: a blind retry runs into the unique-name rule.
        var retry = await Assert.ThrowsAsync<ApiException>(() => StoreResource.CreateAsync(Named("client-lost"), ParentClient));
        Assert.Equal(409, retry.Status);
    }

    [Fact]
    public async Task Lost_acknowledgement_of_a_configuration_create_is_recovered_by_retrying_with_the_same_idempotency_key()
    {
        // The replay is compared through the id in the 202, which the live service does not always send (§10 L3).
        await Emulator.UpdateSettingsAsync(new { ConfigurationIdInCreateResponse = "Always" });
        var storeId = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "client-ack")).Id;
        await Emulator.AddFaultAsync(new ScriptedFault { Method = "POST", PathPrefix = "/v2/ControlPlane/Configurations", Kind = FaultKind.LostAcknowledgement });
        var options = new CreateConfigurationOptions
        {
            IdempotencyKey = Guid.NewGuid().ToString(),
            CreateConfigurationRequest = new ConfigurationResource.CreateConfigurationRequest.Builder()
                .WithDisplayName("client-ack")
                .WithDescription("d")
                .WithConversationGroupingType(ConfigurationResource.ConversationGroupingTypeEnum.GroupByProfile)
                .WithMemoryStoreId(storeId)
                .Build(),
        };

        await Assert.ThrowsAsync<ApiException>(() => ConfigurationResource.CreateAsync(options, ParentClient));
        var replay = await ConfigurationResource.CreateAsync(options, ParentClient);

        var configuration = Assert.Single((await Emulator.GetStateAsync()).Configurations);
        Assert.Equal(configuration.Id, replay.Related["configurationId"].ToString());
    }

    [Fact]
    public async Task Hanging_lost_acknowledgement_times_the_client_out_after_the_action_happened()
    {
        await Emulator.AddFaultAsync(new ScriptedFault
        {
            Method = "POST", PathPrefix = "/v1/ControlPlane/Stores", Kind = FaultKind.LostAcknowledgement, Hang = true, DelayMs = 6000,
        });
        using var client = Emulator.CreateTwilioHttpClient(TimeSpan.FromMilliseconds(2000));
        using var request = new HttpRequestMessage(HttpMethod.Post, StoresUrl) { Content = new StringContent("""{"displayName":"client-hang"}""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Emulator.ParentAccountSid}:{Emulator.ParentAuthToken}")));

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => client.SendAsync(request));

        Assert.Equal("client-hang", Assert.Single((await Emulator.GetStateAsync()).Stores).DisplayName);
    }

    [Fact]
    public async Task Delay_fault_makes_one_request_slow_enough_to_time_out()
    {
        await Emulator.AddFaultAsync(new ScriptedFault { Method = "GET", PathPrefix = "/2010-04-01/Accounts", Kind = FaultKind.Delay, DelayMs = 4000 });
        var impatient = CreateClient(Emulator.ParentAccountSid, Emulator.ParentAuthToken, timeout: TimeSpan.FromMilliseconds(1500));

        await Assert.ThrowsAnyAsync<Exception>(() => AccountResource.FetchAsync(Emulator.ParentAccountSid, client: impatient));

        Assert.Equal(Emulator.ParentAccountSid, (await AccountResource.FetchAsync(Emulator.ParentAccountSid, client: impatient)).Sid);
    }

    [Fact]
    public async Task Request_log_records_caller_status_and_write_bodies()
    {
        var sub = await AccountResource.CreateAsync(friendlyName: "logged", client: ParentClient);
        await StoreResource.CreateAsync(Named("client-logged"), CreateClient(sub.Sid, sub.AuthToken));

        var requests = await Emulator.GetRequestsAsync();

        Assert.Equal(2, requests.Count);
        var createAccount = requests[0];
        Assert.Equal(("POST", "/2010-04-01/Accounts.json", 201), (createAccount.Method, createAccount.Path, createAccount.Status));
        Assert.Equal(Emulator.ParentAccountSid, createAccount.AccountSid);
        Assert.Equal("FriendlyName=logged", createAccount.Body);
        var createStore = requests[1];
        Assert.Equal((sub.Sid, 202), (createStore.AccountSid, createStore.Status));
        Assert.Equal("client-logged", (string?)JsonNode.Parse(createStore.Body!)!["displayName"]);
        Assert.True(createStore.Sequence > createAccount.Sequence);
        Assert.Single(await Emulator.GetRequestsAsync(since: createAccount.Sequence));
    }

    [Fact]
    public async Task Configured_response_headers_reach_every_api_answer_and_the_log_names_the_request_headers()
    {
        await Emulator.UpdateSettingsAsync(new { ResponseHeaders = new Dictionary<string, string> { ["Set-Cookie"] = "edge=1", ["Twilio-Request-Id"] = "RQ1" } });

        using var listed = await SendAsParentAsync(HttpMethod.Get, StoresUrl, headers: new Dictionary<string, string> { ["X-Probe"] = "secret-value" });
        using var refused = await Emulator.SendTwilioRequestAsync(HttpMethod.Get, StoresUrl, Emulator.ParentAccountSid, "wrong-token");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (listed.StatusCode, refused.StatusCode));
        Assert.All(new[] { listed, refused }, r =>
        {
            Assert.Equal("edge=1", r.Headers.GetValues("Set-Cookie").Single());
            Assert.Equal("RQ1", r.Headers.GetValues("Twilio-Request-Id").Single());
        });
        var logged = (await Emulator.GetRequestsAsync())[0];
        Assert.Contains("X-Probe", logged.HeaderNames!, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("Authorization", logged.HeaderNames!, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret-value", JsonSerializer.Serialize(logged), StringComparison.Ordinal);
        using (var admin = new HttpClient { BaseAddress = new Uri(Emulator.BaseUrl) })
        using (var state = await admin.GetAsync("/_emulator/state"))
            Assert.False(state.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Reset_returns_to_the_parent_account_and_start_up_settings()
    {
        var sub = await AccountResource.CreateAsync(friendlyName: "temp", client: ParentClient);
        await Emulator.CreateStoreOutOfBandAsync(sub.Sid, "temp");
        await Emulator.UpdateSettingsAsync(new { StoreCap = 1 });
        await Emulator.AddFaultAsync(new ScriptedFault { PathPrefix = "/v1" });

        await Emulator.ResetAsync();

        var state = await Emulator.GetStateAsync();
        var parent = Assert.Single(state.Accounts);
        Assert.Equal((Emulator.ParentAccountSid, "active", Emulator.ParentAccountSid), (parent.Sid, parent.Status, parent.OwnerAccountSid));
        Assert.Empty(state.Stores);
        Assert.Empty(state.ApiKeys);
        Assert.Empty(await Emulator.GetFaultsAsync());
        Assert.Empty(await Emulator.GetRequestsAsync());
        var settings = await Emulator.GetSettingsAsync();
        Assert.Equal((15, 100), (settings.StoreCap, settings.OperationDelayMs));
        // Parent credentials still work after a reset.
        Assert.Equal(Emulator.ParentAccountSid, (await AccountResource.FetchAsync(Emulator.ParentAccountSid, client: ParentClient)).Sid);
    }

    [Fact]
    public async Task Settings_reject_unknown_names_invalid_values_and_identity_changes()
    {
        using var admin = new HttpClient { BaseAddress = new Uri(Emulator.BaseUrl) };
        foreach (var body in new[] { """{"storeCapp":3}""", """{"errorRate":2}""", """{"errorStatusCodes":null}""", """{"accountSid":"AC00000000000000000000000000000000"}""" })
        {
            using var response = await admin.PutAsync("/_emulator/settings", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        var updated = await Emulator.UpdateSettingsAsync(s => s.RetryAfterSeconds = 4);
        Assert.Equal(4, updated.RetryAfterSeconds);
        Assert.Equal(100, updated.OperationDelayMs);
    }

    [Fact]
    public async Task Out_of_band_drift_is_visible_through_the_twilio_api()
    {
        var storeA = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "drift-a")).Id;
        var storeB = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "drift-b")).Id;
        var configuration = await Emulator.CreateConfigurationOutOfBandAsync(Emulator.ParentAccountSid, new OutOfBandConfigurationRequest("drift", storeA));
        Assert.Equal("ACTIVE", (await StoreResource.FetchAsync(storeA, ParentClient)).Status.ToString());

        await Emulator.ChangeConfigurationOutOfBandAsync(configuration.Id, new OutOfBandConfigurationChange(MemoryStoreId: storeB, MemoryExtractionEnabled: true));
        var changed = await ConfigurationResource.FetchAsync(configuration.Id, ParentClient);
        Assert.Equal((storeB, true), (changed.MemoryStoreId, changed.MemoryExtractionEnabled));

        await Emulator.DeleteStoreOutOfBandAsync(storeB);
        Assert.Equal(404, (await Assert.ThrowsAsync<ApiException>(() => StoreResource.FetchAsync(storeB, ParentClient))).Status);

        await Emulator.DeleteConfigurationOutOfBandAsync(configuration.Id);
        Assert.Equal(404, (await Assert.ThrowsAsync<ApiException>(() => ConfigurationResource.FetchAsync(configuration.Id, ParentClient))).Status);

        var state = await Emulator.GetStateAsync();
        Assert.Equal(storeA, Assert.Single(state.Stores).Id);
        Assert.Empty(state.Configurations);
    }

    [Fact]
    public async Task A_planted_foreign_configuration_is_rendered_in_full_and_out_of_band_changes_reach_every_field()
    {
        var storeId = (await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "client-foreign")).Id;
        var channelSettings = JsonNode.Parse("""{"SMS":{"statusTimeouts":{"inactive":5},"captureRules":[{"from":"+15550100","to":"*"}]}}""")!.AsObject();
        var planted = await Emulator.PlantConfigurationAsync(Emulator.ParentAccountSid, new OutOfBandConfigurationRequest(
            "client-foreign",
            storeId,
            Description: "foreign",
            ChannelSettings: channelSettings,
            StatusCallbacks: [new StatusCallback("https://example.com/status")],
            IntelligenceConfigurationIds: ["GT0123456789abcdef0123456789abcdef"],
            ConversationsV1BridgeServiceId: "IS0123456789abcdef0123456789abcdef",
            TraitExtractionStrategyIds: ["trait-1"],
            ObservationExtractionStrategyIds: ["observation-1"]));

        Assert.True(JsonNode.DeepEquals(channelSettings, planted.ChannelSettings));
        Assert.Equal(new StatusCallback("https://example.com/status", "POST"), Assert.Single(planted.StatusCallbacks!));
        Assert.Equal(("foreign", "GROUP_BY_PROFILE", 1L), (planted.Description, planted.ConversationGroupingType, planted.Version));
        var fetched = await ConfigurationResource.FetchAsync(planted.Id, ParentClient);
        Assert.Equal("+15550100", Assert.Single(fetched.ChannelSettings["SMS"].CaptureRules).From);
        Assert.Equal(5, fetched.ChannelSettings["SMS"].StatusTimeouts.Inactive);
        Assert.Equal("https://example.com/status", Assert.Single(fetched.StatusCallbacks).Url);
        Assert.Equal(new[] { "GT0123456789abcdef0123456789abcdef" }, fetched.IntelligenceConfigurationIds);
        Assert.Equal("IS0123456789abcdef0123456789abcdef", fetched.ConversationsV1Bridge.ServiceId);
        Assert.Equal(new[] { "trait-1" }, fetched.TraitExtractionStrategyIds);
        Assert.Equal(new[] { "observation-1" }, fetched.ObservationExtractionStrategyIds);

        // Given fields replace the stored ones whole, empty ones remove them, absent ones stay.
        var changed = await Emulator.ChangeConfigurationOutOfBandAsync(planted.Id, new OutOfBandConfigurationChange(
            ChannelSettings: JsonNode.Parse("""{"CHAT":{"captureRules":[{"from":"*","to":"support"}]}}""")!.AsObject(),
            StatusCallbacks: [],
            IntelligenceConfigurationIds: ["GTa", "GTb"],
            ConversationsV1BridgeServiceId: "",
            TraitExtractionStrategyIds: []));

        Assert.Equal(new[] { "CHAT" }, changed.ChannelSettings!.Select(p => p.Key));
        Assert.Null(changed.StatusCallbacks);
        Assert.Equal(new[] { "GTa", "GTb" }, changed.IntelligenceConfigurationIds);
        Assert.Null(changed.ConversationsV1BridgeServiceId);
        Assert.Null(changed.TraitExtractionStrategyIds);
        Assert.Equal(new[] { "observation-1" }, changed.ObservationExtractionStrategyIds);
        Assert.Equal(2L, changed.Version);
        // The state snapshot shows exactly what the change answered (lists compared by content, hence JSON).
        Assert.Equal(JsonSerializer.Serialize(changed), JsonSerializer.Serialize(await Emulator.FindConfigurationAsync(planted.Id)));
        var refetched = await ConfigurationResource.FetchAsync(planted.Id, ParentClient);
        Assert.Equal(new[] { "CHAT" }, refetched.ChannelSettings.Keys);
        Assert.Null(refetched.ConversationsV1Bridge);
        Assert.Null(refetched.StatusCallbacks);

        // Shapes are checked as on a create, so the SDK can always parse what it fetches.
        await Assert.ThrowsAsync<InvalidOperationException>(() => Emulator.ChangeConfigurationOutOfBandAsync(planted.Id,
            new OutOfBandConfigurationChange(ChannelSettings: JsonNode.Parse("""{"EMAIL":{}}""")!.AsObject())));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Emulator.PlantConfigurationAsync(Emulator.ParentAccountSid,
            new OutOfBandConfigurationRequest("bad", storeId, StatusCallbacks: [new StatusCallback("https://example.com", "PUT")])));
    }

    [Fact]
    public async Task Live_behaviour_settings_can_be_set_at_start_up_through_the_emulator_section()
    {
        await using var app = EmulatorApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--Emulator:ConfigurationCap=3",
            "--Emulator:AllowConfigurationPatch=true",
            "--Emulator:ConfigurationIdInCreateResponse=Never",
            "--Emulator:ConfigurationIdOmissionSeed=7",
        ]);

        var settings = app.Services.GetRequiredService<EmulatorSettings>().Current;
        Assert.Equal((3, true, ConfigurationIdDisclosure.Never, 7),
            (settings.ConfigurationCap, settings.AllowConfigurationPatch, settings.ConfigurationIdInCreateResponse, settings.ConfigurationIdOmissionSeed));
    }

    [Fact]
    public async Task Live_behaviour_settings_change_at_run_time_and_bad_values_are_refused()
    {
        var updated = await Emulator.UpdateSettingsAsync(new
        {
            ConfigurationCap = 4, AllowConfigurationPatch = true, ConfigurationIdInCreateResponse = "Always", ConfigurationIdOmissionSeed = 9,
        });
        Assert.Equal((4, true, ConfigurationIdDisclosure.Always, 9),
            (updated.ConfigurationCap, updated.AllowConfigurationPatch, updated.ConfigurationIdInCreateResponse, updated.ConfigurationIdOmissionSeed));

        using var admin = new HttpClient { BaseAddress = new Uri(Emulator.BaseUrl) };
        foreach (var body in new[] { """{"configurationCap":-1}""", """{"configurationIdInCreateResponse":"Sometimes"}""", """{"configurationIdInCreateResponse":7}""" })
        {
            using var response = await admin.PutAsync("/_emulator/settings", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }
}
