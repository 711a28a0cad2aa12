using System.Net;
using System.Text.Json.Nodes;
using Provisioning.TwilioEmulator.Admin;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010;
using Twilio.Rest.Conversations.V2;
using MemoryOperation = Twilio.Rest.Memory.V1.OperationResource;
using StoreResource = Twilio.Rest.Memory.V1.StoreResource;

namespace Provisioning.TwilioEmulator.Tests;

public sealed class MemoryStoreTests(EmulatorFixture emulator) : EmulatorTestBase(emulator)
{
    private const string StoresUrl = "https://memory.twilio.com/v1/ControlPlane/Stores";

    private static StoreResource.ServiceRequest Named(string displayName) =>
        new StoreResource.ServiceRequest.Builder().WithDisplayName(displayName).Build();

    [Fact]
    public async Task Store_create_returns_202_with_operation_headers_then_operation_completes_and_store_becomes_active()
    {
        // Generous delays so the intermediate states are observable even on a slow machine.
        await Emulator.UpdateSettingsAsync(new { OperationDelayMs = 500, StoreActivationDelayMs = 1000 });
        var client = ParentClient;

        var response = await StoreResource.CreateWithHeadersAsync(Named("client-tenant-1"), client);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var operationId = Assert.Single(response.Headers.GetValues("Operation-Id"));
        Assert.Equal($"https://memory.twilio.com/v1/ControlPlane/Operations/{operationId}", response.Data.StatusUrl);
        Assert.Equal(response.Data.StatusUrl, Assert.Single(response.Headers.GetValues("Location")));
        Assert.Equal("1", Assert.Single(response.Headers.GetValues("Retry-After")));
        Assert.False(string.IsNullOrEmpty(response.Data.Message));

        var pending = await MemoryOperation.FetchAsync(operationId, client);
        Assert.Contains(pending.Status.ToString(), new[] { "PENDING", "RUNNING" });
        Assert.Null(pending.Result);

        var completed = await WaitForMemoryOperationAsync(client, operationId);
        Assert.Equal(MemoryOperation.StatusEnum.Completed, completed.Status);
        Assert.NotNull(completed.CompletedAt);
        Assert.Equal(MemoryOperation.TypeEnum.ResourceId, completed.Result.Type);
        Assert.Matches("^mem_store_[0-7][0-9a-z]{25}$", completed.Result.Id);
        Assert.Equal($"https://memory.twilio.com/v1/ControlPlane/Stores/{completed.Result.Id}", completed.ResultUrl.ToString());

        // COMPLETED does not mean ACTIVE: the store provisions for StoreActivationDelayMs more.
        var provisioning = await StoreResource.FetchWithHeadersAsync(completed.Result.Id, client);
        Assert.Equal(StoreResource.StatusEnum.Provisioning, provisioning.Data.Status);
        Assert.Null(provisioning.Data.IntelligenceServiceId);
        Assert.Equal("\"1\"", provisioning.Headers.ETag!.ToString());

        var active = await StoreResource.FetchAsync(completed.Result.Id, client);
        while (active.Status != StoreResource.StatusEnum.Active)
        {
            Assert.Equal(StoreResource.StatusEnum.Provisioning, active.Status);
            await Task.Delay(50);
            active = await StoreResource.FetchAsync(completed.Result.Id, client);
        }

        Assert.Equal(StoreResource.StatusEnum.Active, active.Status);
        Assert.Equal("client-tenant-1", active.DisplayName);
        Assert.Matches("^GA[0-9a-f]{32}$", active.IntelligenceServiceId);
        Assert.Equal(1, active.Version);
    }

    [Fact]
    public async Task Store_list_returns_ids_only_and_pages_by_token_in_both_orders()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add((await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, $"store-{i}")).Id);

        async Task<JsonObject> PageAsync(string query)
        {
            using var response = await SendAsParentAsync(HttpMethod.Get, $"{StoresUrl}?{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        }

        var first = await PageAsync("pageSize=2");
        Assert.Equal(new[] { ids[4], ids[3] }, first["stores"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("stores", (string?)first["meta"]!["key"]);
        Assert.Equal(2, (int)first["meta"]!["pageSize"]!);
        Assert.Null(first["meta"]!["previousToken"]);

        var second = await PageAsync($"pageSize=2&pageToken={first["meta"]!["nextToken"]}");
        Assert.Equal(new[] { ids[2], ids[1] }, second["stores"]!.AsArray().Select(n => (string)n!));
        var third = await PageAsync($"pageSize=2&pageToken={second["meta"]!["nextToken"]}");
        Assert.Equal(new[] { ids[0] }, third["stores"]!.AsArray().Select(n => (string)n!));
        Assert.Null(third["meta"]!["nextToken"]);

        var back = await PageAsync($"pageSize=2&pageToken={third["meta"]!["previousToken"]}");
        Assert.Equal(new[] { ids[2], ids[1] }, back["stores"]!.AsArray().Select(n => (string)n!));

        var ascending = await PageAsync("pageSize=100&orderBy=ASC");
        Assert.Equal(ids, ascending["stores"]!.AsArray().Select(n => (string)n!));

        using var tooLarge = await SendAsParentAsync(HttpMethod.Get, $"{StoresUrl}?pageSize=101");
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        using var badToken = await SendAsParentAsync(HttpMethod.Get, $"{StoresUrl}?pageToken=garbage");
        Assert.Equal(HttpStatusCode.BadRequest, badToken.StatusCode);
    }

    [Fact]
    public async Task Sdk_read_returns_the_first_page_of_store_ids()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add((await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, $"sdk-{i}")).Id);

        var page = (await StoreResource.ReadAsync(pageSize: 100, orderBy: StoreResource.OrderByEnum.Asc, client: ParentClient)).ToList();

        Assert.Equal(ids, page.Select(s => s.Stores));
    }

    [Fact]
    public async Task Sixteenth_store_is_rejected_synchronously_with_520044_and_a_configurable_status()
    {
        for (var i = 0; i < 15; i++) await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, $"store-{i}");

        // §12 P2: the published code; the status is the emulator's choice.
        var error = await Assert.ThrowsAsync<ApiException>(() => StoreResource.CreateAsync(Named("store-15"), ParentClient));
        Assert.Equal((400, 520044), (error.Status, error.Code));

        await Emulator.UpdateSettingsAsync(new { StoreCapErrorStatus = 403, StoreCapErrorCode = 400 });
        var configured = await Assert.ThrowsAsync<ApiException>(() => StoreResource.CreateAsync(Named("store-15"), ParentClient));
        Assert.Equal((403, 400), (configured.Status, configured.Code));

        // The cap is per account: a subaccount still has room.
        var sub = await AccountResource.CreateAsync(friendlyName: "overflow", client: ParentClient);
        await StoreResource.CreateAsync(Named("store-15"), CreateClient(sub.Sid, sub.AuthToken));
        Assert.Equal(16, (await Emulator.GetStateAsync()).Stores.Count);
    }

    [Fact]
    public async Task Concurrent_creates_never_exceed_the_cap_or_duplicate_a_name()
    {
        await Emulator.UpdateSettingsAsync(new { StoreCap = 5 });
        var clients = Enumerable.Range(0, 12).Select(_ => ParentClient).ToList();

        // 12 distinct names plus 12 requests all racing for the same name.
        var outcomes = await Task.WhenAll(clients.SelectMany((client, i) => new[] { $"client-{i}", "client-same" }.Select(async name =>
        {
            try
            {
                await StoreResource.CreateAsync(Named(name), client);
                return 202;
            }
            catch (ApiException exception)
            {
                return exception.Status;
            }
        })));

        Assert.Equal(5, outcomes.Count(status => status == 202));
        Assert.All(outcomes, status => Assert.Contains(status, new[] { 202, 400, 409 }));
        var stores = (await Emulator.GetStateAsync()).Stores;
        Assert.Equal(5, stores.Count);
        Assert.True(stores.Count(s => s.DisplayName == "client-same") <= 1);
    }

    [Fact]
    public async Task Sixteenth_store_operation_fails_with_error_code_in_fail_operation_mode()
    {
        await Emulator.UpdateSettingsAsync(new { StoreCap = 2, StoreCapMode = "FailOperation" });
        await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "a");
        await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "b");

        var response = await StoreResource.CreateWithHeadersAsync(Named("c"), ParentClient);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var operation = await WaitForMemoryOperationAsync(ParentClient, Assert.Single(response.Headers.GetValues("Operation-Id")));
        Assert.Equal(MemoryOperation.StatusEnum.Failed, operation.Status);
        Assert.Equal(520044, operation.Error.Code);
        Assert.False(string.IsNullOrEmpty(operation.Error.Title));
        Assert.Null(operation.Result);
        Assert.Equal(2, (await Emulator.GetStateAsync()).Stores.Count);
    }

    [Fact]
    public async Task Duplicate_display_name_is_520045_unless_duplicates_are_allowed()
    {
        await StoreResource.CreateAsync(Named("client-dup"), ParentClient);

        var error = await Assert.ThrowsAsync<ApiException>(() => StoreResource.CreateAsync(Named("client-dup"), ParentClient));
        Assert.Equal((409, 520045), (error.Status, error.Code));

        await Emulator.UpdateSettingsAsync(new { AllowDuplicateStoreNames = true });
        await StoreResource.CreateAsync(Named("client-dup"), ParentClient);
        Assert.Equal(2, (await Emulator.GetStateAsync()).Stores.Count(s => s.DisplayName == "client-dup"));
    }

    [Fact]
    public async Task New_store_is_404_and_unlisted_during_the_eventual_consistency_window()
    {
        await Emulator.UpdateSettingsAsync(new { EventualConsistencyWindowMs = 1500 });

        var created = await StoreResource.CreateAsync(Named("client-late"), ParentClient);
        var operation = await WaitForMemoryOperationAsync(ParentClient, OperationIdFromStatusUrl(created.StatusUrl));

        var error = await Assert.ThrowsAsync<ApiException>(() => StoreResource.FetchAsync(operation.Result.Id, ParentClient));
        Assert.Equal((404, 20404), (error.Status, error.Code));
        using (var list = await SendAsParentAsync(HttpMethod.Get, StoresUrl))
        {
            Assert.DoesNotContain(operation.Result.Id, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await Task.Delay(1500);
        Assert.Equal(operation.Result.Id, (await StoreResource.FetchAsync(operation.Result.Id, ParentClient)).Id);
    }

    [Fact]
    public async Task Deleted_store_is_404_once_the_delete_operation_completes()
    {
        var storeId = await CreateActiveStoreAsync(ParentClient, "client-gone");

        var deleted = await StoreResource.DeleteWithHeadersAsync(storeId, ParentClient);

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.False(string.IsNullOrEmpty(deleted.Data.StatusUrl));
        var operation = await WaitForMemoryOperationAsync(ParentClient, OperationIdFromStatusUrl(deleted.Data.StatusUrl));
        Assert.Equal(MemoryOperation.StatusEnum.Completed, operation.Status);
        var error = await Assert.ThrowsAsync<ApiException>(() => StoreResource.FetchAsync(storeId, ParentClient));
        Assert.Equal(404, error.Status);
        Assert.Empty((await Emulator.GetStateAsync()).Stores);
    }

    [Fact]
    public async Task Strict_delete_mode_refuses_a_store_in_use_and_refuse_mode_refuses_every_delete()
    {
        var storeId = await CreateActiveStoreAsync(ParentClient, "client-used");
        var configuration = await Emulator.CreateConfigurationOutOfBandAsync(
            Emulator.ParentAccountSid, new OutOfBandConfigurationRequest("client-used", storeId));

        await Emulator.UpdateSettingsAsync(new { StoreDeleteMode = "RejectWhenInUse" });
        var inUse = await Assert.ThrowsAsync<ApiException>(() => StoreResource.DeleteAsync(storeId, ParentClient));
        Assert.Equal((409, 20409), (inUse.Status, inUse.Code));

        await Emulator.UpdateSettingsAsync(new { StoreDeleteMode = "Refuse" });
        await ConfigurationResource.DeleteAsync(configuration.Id, null, ParentClient);
        var refused = await Assert.ThrowsAsync<ApiException>(() => StoreResource.DeleteAsync(storeId, ParentClient));
        Assert.Equal((403, 403), (refused.Status, refused.Code));
        Assert.Single((await Emulator.GetStateAsync()).Stores);
    }

    [Fact]
    public async Task Patch_bumps_version_and_a_stale_if_match_gets_412()
    {
        var storeId = await CreateActiveStoreAsync(ParentClient, "client-patch");
        var etag = (await StoreResource.FetchWithHeadersAsync(storeId, ParentClient)).Headers.ETag!.ToString();

        var patch = new StoreResource.PatchStoreRequest.Builder().WithDescription("first").Build();
        var accepted = await StoreResource.PatchWithHeadersAsync(storeId, patch, etag, ParentClient);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(2, (await StoreResource.FetchAsync(storeId, ParentClient)).Version);

        var stale = await Assert.ThrowsAsync<ApiException>(() => StoreResource.PatchAsync(storeId, patch, etag, ParentClient));
        Assert.Equal(412, stale.Status);
    }

    [Fact]
    public async Task Invalid_store_requests_are_400()
    {
        var badName = await Assert.ThrowsAsync<ApiException>(() => StoreResource.CreateAsync(Named("client_tenant"), ParentClient));
        Assert.Equal(400, badName.Status);

        using var extra = await SendAsParentAsync(HttpMethod.Post, StoresUrl, """{"displayName":"ok","uniqueName":"x"}""");
        Assert.Equal(HttpStatusCode.BadRequest, extra.StatusCode);
        var body = JsonNode.Parse(await extra.Content.ReadAsStringAsync())!;
        Assert.Equal(400, (int)body["status"]!);
        Assert.NotNull(body["more_info"]);
    }

    [Fact]
    public async Task Store_display_name_is_at_most_64_characters_and_may_not_end_in_a_newline()
    {
        var tooLong = await Assert.ThrowsAsync<ApiException>(() => StoreResource.CreateAsync(Named(new string('a', 65)), ParentClient));
        Assert.Equal((400, 400), (tooLong.Status, tooLong.Code));
        using (var newline = await SendAsParentAsync(HttpMethod.Post, StoresUrl, """{"displayName":"client-nl\n"}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, newline.StatusCode);
        }

        Assert.Empty((await Emulator.GetStateAsync()).Stores);

        var storeId = await CreateActiveStoreAsync(ParentClient, new string('a', 64));
        foreach (var name in new[] { new string('b', 65), "client-nl\n" })
        {
            using var patch = await SendAsParentAsync(HttpMethod.Patch, $"{StoresUrl}/{storeId}", new JsonObject { ["displayName"] = name }.ToJsonString());
            Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);
        }

        Assert.Equal(new string('a', 64), (await StoreResource.FetchAsync(storeId, ParentClient)).DisplayName);
    }

    [Fact]
    public async Task Stores_of_another_account_are_invisible()
    {
        var sub = await AccountResource.CreateAsync(friendlyName: "other", client: ParentClient);
        var foreign = await Emulator.CreateStoreOutOfBandAsync(sub.Sid, "client-foreign");

        var error = await Assert.ThrowsAsync<ApiException>(() => StoreResource.FetchAsync(foreign.Id, ParentClient));
        Assert.Equal(404, error.Status);
        Assert.Equal(foreign.Id, (await StoreResource.FetchAsync(foreign.Id, CreateClient(sub.Sid, sub.AuthToken))).Id);
    }
}
