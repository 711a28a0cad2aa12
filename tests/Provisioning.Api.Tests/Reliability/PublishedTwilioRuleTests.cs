using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator;
using Provisioning.TwilioEmulator.Admin;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.Api.Tests.Reliability;

/// <summary>
/// What the service does with the rules Twilio published through August 2026 (contract §12.1 P1, P3, P5, P6 and §12.4
/// P23, P24), each provoked in the emulator and observed through the service's API and what reached Twilio.
/// </summary>
public sealed class PublishedTwilioRuleTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>, IAsyncLifetime
{
    private const string StoresPath = "/v1/ControlPlane/Stores";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await stack.Emulator.ClearFaultsAsync();
        var defaults = new EmulatorOptions();
        await stack.Emulator.UpdateSettingsAsync(new
        {
            defaults.OperationRetentionHours,
            StorePatchAnswer = defaults.StorePatchAnswer.ToString(),
            OrchestratorErrorShape = defaults.OrchestratorErrorShape.ToString(),
            defaults.ConfigurationIdPrefix,
        });
    }

    [Fact]
    public async Task P3_a_store_whose_create_operation_ends_FAILED_leaves_the_tenant_Ready_on_a_new_store_of_the_same_name_the_failed_one_deleted()
    {
        await stack.Emulator.AddFaultAsync(new ScriptedFault { Method = "POST", PathPrefix = StoresPath, Kind = FaultKind.FailOperation, Times = 1 });

        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "failed-create-1" });
        var ready = await stack.WaitForStatusAsync("failed-create-1", TenantStatus.Ready);

        var creates = await StoreCreatesAsync("client-failed-create-1");
        Assert.Equal(2, creates.Count);
        var stores = (await stack.Emulator.GetStateAsync()).Stores;
        var store = Assert.Single(stores, s => s.DisplayName == "client-failed-create-1");
        Assert.Equal(store.Id, ready.MemoryStoreId);
        Assert.Equal("ACTIVE", store.Status);
        var failedId = await FailedStoreIdAsync("failed-create-1");
        Assert.NotEqual(store.Id, failedId);
        Assert.DoesNotContain(stores, s => s.Id == failedId);
        Assert.Contains(await stack.Emulator.GetRequestsAsync(), r => r.Method == "DELETE" && r.Path == $"{StoresPath}/{failedId}");
    }

    [Fact]
    public async Task P3_a_FAILED_store_found_by_name_is_deleted_and_created_again()
    {
        var broken = await stack.Emulator.CreateStoreOutOfBandAsync(stack.Emulator.ParentAccountSid, "client-broken-2");
        await stack.Emulator.ChangeStoreOutOfBandAsync(broken.Id, new OutOfBandStoreChange(Status: "FAILED"));

        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "broken-2" });
        var ready = await stack.WaitForStatusAsync("broken-2", TenantStatus.Ready);

        Assert.NotEqual(broken.Id, ready.MemoryStoreId);
        var stores = (await stack.Emulator.GetStateAsync()).Stores;
        Assert.Equal(ready.MemoryStoreId, Assert.Single(stores, s => s.DisplayName == "client-broken-2").Id);
        Assert.DoesNotContain((await stack.Emulator.GetStateAsync()).Configurations, c => c.MemoryStoreId == broken.Id);
    }

    [Fact]
    public async Task P1_a_create_refused_with_520045_adopts_the_tenants_store_that_holds_the_name()
    {
        // The service looks the name up and finds nothing; its create is held up, and meanwhile the store appears (a
        // create of its own whose answer was lost, say): Twilio refuses the create as a duplicate name.
        await stack.Emulator.AddFaultAsync(new ScriptedFault { Method = "POST", PathPrefix = StoresPath, Kind = FaultKind.Delay, DelayMs = 1500, Times = 1 });
        var since = await stack.Emulator.GetLastRequestSequenceAsync();
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "dup-name-1" });
        await Eventually.HoldsAsync(async () => (await stack.Emulator.GetRequestsAsync(since)).Any(r => r.Method == "GET" && r.Path == StoresPath),
            "the service to look the store up");
        var planted = await stack.Emulator.CreateStoreOutOfBandAsync(stack.Emulator.ParentAccountSid, "client-dup-name-1");

        var ready = await stack.WaitForStatusAsync("dup-name-1", TenantStatus.Ready);

        Assert.Equal(planted.Id, ready.MemoryStoreId);
        Assert.Single((await stack.Emulator.GetStateAsync()).Stores, s => s.DisplayName == "client-dup-name-1");
        var refused = Assert.Single(await StoreCreatesAsync("client-dup-name-1"));
        Assert.Equal(409, refused.Status);
    }

    [Fact]
    public async Task P5_operations_Twilio_no_longer_knows_are_not_failures_the_store_and_configuration_are_looked_up()
    {
        // Every operation expires the moment it ends, as a week-old one would (520052).
        await stack.Emulator.UpdateSettingsAsync(new { OperationRetentionHours = 0 });
        var since = await stack.Emulator.GetLastRequestSequenceAsync();

        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "expired-ops-1" });
        var ready = await stack.WaitForStatusAsync("expired-ops-1", TenantStatus.Ready);

        var state = await stack.Emulator.GetStateAsync();
        Assert.Equal(ready.MemoryStoreId, Assert.Single(state.Stores, s => s.DisplayName == "client-expired-ops-1").Id);
        Assert.Equal(ready.OrchestratorConfigurationId, Assert.Single(state.Configurations, c => c.MemoryStoreId == ready.MemoryStoreId).Id);
        var log = await stack.Emulator.GetRequestsAsync(since);
        Assert.Contains(log, r => r.Path.StartsWith("/v1/ControlPlane/Operations/", StringComparison.Ordinal) && r.Status == 404);
        Assert.Contains(log, r => r.Path.StartsWith("/v2/ControlPlane/Operations/", StringComparison.Ordinal) && r.Status == 404);
    }

    [Fact]
    public async Task P6_a_store_rename_answered_200_is_taken_as_applied_and_a_recreate_completes()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "patch-200-1" });
        var before = await stack.WaitForStatusAsync("patch-200-1", TenantStatus.Ready);
        await stack.Emulator.UpdateSettingsAsync(new { StorePatchAnswer = "Applied" });

        using var recreate = await stack.Admin.PostAsJsonAsync("/v1/tenants/patch-200-1/reprovision", new { mode = "recreate", reason = "P6" });
        Assert.Equal(HttpStatusCode.Accepted, recreate.StatusCode);
        await Eventually.HoldsAsync(async () => (await TenantAsync("patch-200-1")).MemoryStoreId is { } id && id != before.MemoryStoreId,
            "the recreate to record a new store");
        var after = await stack.WaitForStatusAsync("patch-200-1", TenantStatus.Ready);

        Assert.NotEqual(before.MemoryStoreId, after.MemoryStoreId);
        Assert.Contains(await stack.Emulator.GetRequestsAsync(), r => r.Method == "PATCH" && r.Path == $"{StoresPath}/{before.MemoryStoreId}" && r.Status == 200);
        Assert.Equal(after.MemoryStoreId, Assert.Single((await stack.Emulator.GetStateAsync()).Stores, s => s.DisplayName == "client-patch-200-1").Id);
    }

    [Fact]
    public async Task P23_an_Orchestrator_error_in_the_troubleshooting_shape_is_handled_like_the_classic_one()
    {
        var classic = await FailConfigurationCreateAsync("shape-classic-1");
        await stack.Emulator.UpdateSettingsAsync(new { OrchestratorErrorShape = "Troubleshooting" });
        var troubleshooting = await FailConfigurationCreateAsync("shape-new-1");

        Assert.Contains("403 (Twilio code 403): Emulated error 403", classic);
        Assert.Equal(classic, troubleshooting);
    }

    [Fact]
    public async Task P24_configuration_ids_with_the_cfg_prefix_are_taken_as_they_come()
    {
        await stack.Emulator.UpdateSettingsAsync(new { ConfigurationIdPrefix = "cfg_configuration_" });

        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "cfg-prefix-1" });
        var ready = await stack.WaitForStatusAsync("cfg-prefix-1", TenantStatus.Ready);
        Assert.StartsWith("cfg_configuration_", ready.OrchestratorConfigurationId, StringComparison.Ordinal);

        // A settings change replaces the configuration by that id.
        using var patch = await stack.ControlPlane.PatchAsJsonAsync("/v1/tenants/cfg-prefix-1", new { orchestrator = new { memoryExtractionEnabled = true } });
        Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync());
        await Eventually.HoldsAsync(async () => (await stack.Emulator.FindConfigurationAsync(ready.OrchestratorConfigurationId!))?.MemoryExtractionEnabled == true,
            "the new settings to reach the configuration");
    }

    /// <summary>A signup whose configuration create is refused (403, not retried); the tenant's last error, the clientId taken out.</summary>
    private async Task<string> FailConfigurationCreateAsync(string clientId)
    {
        await stack.Emulator.AddFaultAsync(new ScriptedFault { Method = "POST", PathPrefix = "/v2/ControlPlane/Configurations", Kind = FaultKind.Status, Status = 403, Times = 1 });
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId });
        var failed = await stack.WaitForStatusAsync(clientId, TenantStatus.Failed);
        return failed.LastError!.Replace(clientId, "<client>", StringComparison.Ordinal);
    }

    private async Task<TenantView> TenantAsync(string clientId) =>
        (await stack.ControlPlane.GetFromJsonAsync<TenantView>($"/v1/tenants/{clientId}"))!;

    /// <summary>The store the tenant records as retired after Twilio reported it FAILED.</summary>
    private async Task<string> FailedStoreIdAsync(string clientId)
    {
        var tenant = await stack.ControlPlane.GetFromJsonAsync<JsonElement>($"/v1/tenants/{clientId}");
        var retired = Assert.Single(tenant.GetProperty("retiredStores").EnumerateArray());
        Assert.NotEqual(JsonValueKind.Null, retired.GetProperty("deletedAt").ValueKind);
        return retired.GetProperty("storeId").GetString()!;
    }

    private async Task<List<LoggedRequest>> StoreCreatesAsync(string storeName) =>
        (await stack.Emulator.GetRequestsAsync()).Where(r => r.Method == "POST" && r.Path == StoresPath && r.Body?.Contains($"\"{storeName}\"") == true).ToList();
}
