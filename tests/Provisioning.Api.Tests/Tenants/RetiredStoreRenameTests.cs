using System.Net;
using System.Net.Http.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>
/// A recreate's old store must give up the tenant's name before the new store takes it. Twilio renames
/// asynchronously, so the rename counts only once its operation COMPLETED and the store is seen under its retired
/// name; a rename that failed or did not show must hold the new store back, not be assumed.
/// </summary>
public sealed class RetiredStoreRenameTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    [Theory]
    [InlineData(StoreRenameOutcome.OperationFails, "rename-failed")]
    [InlineData(StoreRenameOutcome.NotApplied, "rename-lost")]
    public async Task No_new_store_takes_the_name_until_the_rename_of_the_old_one_is_confirmed(StoreRenameOutcome outcome, string clientId)
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId });
        var before = await stack.WaitForStatusAsync(clientId, TenantStatus.Ready);
        var since = (await stack.Emulator.GetRequestsAsync()).Max(r => r.Sequence);

        await stack.Emulator.UpdateSettingsAsync(o => o.StoreRenameOutcome = outcome);
        try
        {
            using var recreate = await stack.Admin.PostAsJsonAsync($"/v1/tenants/{clientId}/reprovision", new { mode = "recreate", reason = "fresh start" });
            Assert.Equal(HttpStatusCode.Accepted, recreate.StatusCode);
            var failed = await stack.WaitForStatusAsync(clientId, TenantStatus.Failed);

            Assert.Contains(before.MemoryStoreId!, failed.LastError, StringComparison.Ordinal);
            Assert.Contains("waits for the name", failed.LastError, StringComparison.Ordinal);
            var log = await stack.Emulator.GetRequestsAsync(since);
            Assert.Contains(log, r => r.Method == "PATCH" && r.Path == $"/v1/ControlPlane/Stores/{before.MemoryStoreId}");
            Assert.DoesNotContain(log, r => r.Method == "POST" && r.Path == "/v1/ControlPlane/Stores");
            Assert.Equal(before.MemoryStoreName, (await stack.Emulator.GetStateAsync()).Stores.Single(s => s.Id == before.MemoryStoreId).DisplayName);
        }
        finally
        {
            await stack.Emulator.UpdateSettingsAsync(o => o.StoreRenameOutcome = StoreRenameOutcome.Applied);
        }

        using var retry = await stack.Admin.PostAsync($"/v1/tenants/{clientId}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var after = await stack.WaitForStatusAsync(clientId, TenantStatus.Ready);

        Assert.NotEqual(before.MemoryStoreId, after.MemoryStoreId);
        var stores = (await stack.Emulator.GetStateAsync()).Stores;
        Assert.Equal(after.MemoryStoreId, Assert.Single(stores, s => s.DisplayName == before.MemoryStoreName).Id);
        Assert.StartsWith($"{before.MemoryStoreName}-retired-", stores.Single(s => s.Id == before.MemoryStoreId).DisplayName, StringComparison.Ordinal);
    }
}
