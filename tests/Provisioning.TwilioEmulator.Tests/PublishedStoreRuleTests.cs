using System.Net;
using System.Text.Json.Nodes;
using Provisioning.TwilioEmulator.Faults;
using Twilio.Exceptions;
using MemoryOperation = Twilio.Rest.Memory.V1.OperationResource;
using StoreResource = Twilio.Rest.Memory.V1.StoreResource;

namespace Provisioning.TwilioEmulator.Tests;

/// <summary>The store rules Twilio published through August 2026 (contract §12.1), at the emulator's default settings.</summary>
public sealed class PublishedStoreRuleTests(EmulatorFixture emulator) : EmulatorTestBase(emulator)
{
    private const string StoresUrl = "https://memory.twilio.com/v1/ControlPlane/Stores";
    private const string OperationsUrl = "https://memory.twilio.com/v1/ControlPlane/Operations";

    private static StoreResource.ServiceRequest Named(string displayName) =>
        new StoreResource.ServiceRequest.Builder().WithDisplayName(displayName).Build();

    [Fact]
    public async Task P1_a_rename_onto_a_name_the_account_uses_is_520045_and_names_the_holder()
    {
        var holder = await CreateActiveStoreAsync(ParentClient, "client-taken");
        var other = await CreateActiveStoreAsync(ParentClient, "client-other");

        using var rename = await SendAsParentAsync(HttpMethod.Patch, $"{StoresUrl}/{other}", """{"displayName":"client-taken"}""");

        Assert.Equal(HttpStatusCode.Conflict, rename.StatusCode);
        var body = JsonNode.Parse(await rename.Content.ReadAsStringAsync())!;
        Assert.Equal(520045, (int)body["code"]!);
        Assert.Equal(holder, Assert.Single(rename.Headers.GetValues("X-Conflicting-Resource-Id")));
        Assert.Equal("client-other", (await StoreResource.FetchAsync(other, ParentClient)).DisplayName);
    }

    [Fact]
    public async Task P2_the_cap_is_520044_by_default_also_when_the_operation_fails()
    {
        await Emulator.UpdateSettingsAsync(new { StoreCap = 1, StoreCapMode = "FailOperation" });
        await Emulator.CreateStoreOutOfBandAsync(Emulator.ParentAccountSid, "client-first");

        var accepted = await StoreResource.CreateAsync(Named("client-second"), ParentClient);
        var operation = await WaitForMemoryOperationAsync(ParentClient, OperationIdFromStatusUrl(accepted.StatusUrl));

        Assert.Equal(MemoryOperation.StatusEnum.Failed, operation.Status);
        Assert.Equal(520044, operation.Error.Code);
    }

    [Fact]
    public async Task P3_a_create_whose_provisioning_fails_leaves_a_FAILED_store_that_holds_its_name_until_deleted()
    {
        await Emulator.AddFaultAsync(new ScriptedFault { Method = "POST", PathPrefix = "/v1/ControlPlane/Stores", Kind = FaultKind.FailOperation });

        var accepted = await StoreResource.CreateWithHeadersAsync(Named("client-doomed"), ParentClient);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var operation = await WaitForMemoryOperationAsync(ParentClient, OperationIdFromStatusUrl(accepted.Data.StatusUrl));
        Assert.Equal(MemoryOperation.StatusEnum.Failed, operation.Status);
        Assert.False(string.IsNullOrEmpty(operation.Error.Title));

        var failed = Assert.Single((await Emulator.GetStateAsync()).Stores);
        Assert.Equal("FAILED", (await StoreResource.FetchAsync(failed.Id, ParentClient)).Status.ToString());

        // The name stays taken, and the store serves no data-plane call.
        var duplicate = await Assert.ThrowsAsync<ApiException>(() => StoreResource.CreateAsync(Named("client-doomed"), ParentClient));
        Assert.Equal(520045, duplicate.Code);
        using (var profiles = await SendAsParentAsync(HttpMethod.Get, $"https://memory.twilio.com/v1/Stores/{failed.Id}/Profiles"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, profiles.StatusCode);
            Assert.Equal(520042, (int)JsonNode.Parse(await profiles.Content.ReadAsStringAsync())!["code"]!);
        }

        // Deleted, it gives the name back.
        var deleted = await StoreResource.DeleteAsync(failed.Id, ParentClient);
        await WaitForMemoryOperationAsync(ParentClient, OperationIdFromStatusUrl(deleted.StatusUrl));
        var again = await CreateActiveStoreAsync(ParentClient, "client-doomed");
        Assert.NotEqual(failed.Id, again);
    }

    [Fact]
    public async Task P5_an_operation_answers_until_it_expires_then_404_with_520052_like_an_unknown_id()
    {
        var accepted = await StoreResource.CreateAsync(Named("client-old"), ParentClient);
        var operationId = OperationIdFromStatusUrl(accepted.StatusUrl);
        await WaitForMemoryOperationAsync(ParentClient, operationId);

        await Emulator.ExpireOperationAsync(operationId);

        await AssertOperationNotFoundAsync(operationId);
        await AssertOperationNotFoundAsync("mem_operation_00000000000000000000000000");
    }

    [Fact]
    public async Task P5_operations_expire_by_themselves_after_the_retention()
    {
        await Emulator.UpdateSettingsAsync(new { OperationRetentionHours = 0 });
        var accepted = await StoreResource.CreateAsync(Named("client-short"), ParentClient);
        var operationId = OperationIdFromStatusUrl(accepted.StatusUrl);

        // Running operations never expire; once ended, a retention of zero expires it at once.
        Assert.Contains((await MemoryOperation.FetchAsync(operationId, ParentClient)).Status.ToString(), new[] { "PENDING", "RUNNING" });
        await PollUntilAsync(async () =>
        {
            using var response = await SendAsParentAsync(HttpMethod.Get, $"{OperationsUrl}/{operationId}");
            return response.StatusCode;
        }, status => status == HttpStatusCode.NotFound, "the operation to expire");
        await AssertOperationNotFoundAsync(operationId);
        Assert.Equal(168, new EmulatorOptions().OperationRetentionHours);
    }

    [Fact]
    public async Task P6_a_store_patch_answers_202_by_default_and_200_with_the_store_when_set_to_Applied()
    {
        var storeId = await CreateActiveStoreAsync(ParentClient, "client-patched");

        using (var accepted = await SendAsParentAsync(HttpMethod.Patch, $"{StoresUrl}/{storeId}", """{"description":"first"}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            Assert.Single(accepted.Headers.GetValues("Operation-Id"));
        }

        await Emulator.UpdateSettingsAsync(new { StorePatchAnswer = "Applied" });
        using var applied = await SendAsParentAsync(HttpMethod.Patch, $"{StoresUrl}/{storeId}", """{"displayName":"client-renamed"}""");

        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.False(applied.Headers.Contains("Operation-Id"));
        Assert.Equal("\"3\"", applied.Headers.ETag!.ToString());
        var store = JsonNode.Parse(await applied.Content.ReadAsStringAsync())!;
        Assert.Equal(("client-renamed", 3), ((string)store["displayName"]!, (int)store["version"]!));
    }

    private async Task AssertOperationNotFoundAsync(string operationId)
    {
        using var response = await SendAsParentAsync(HttpMethod.Get, $"{OperationsUrl}/{operationId}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(520052, (int)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!);
    }
}
