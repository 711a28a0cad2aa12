using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>
/// A tenant can fail after Twilio created something whose answer never arrived: the database has no id for it.
/// Offboarding must still find it (by the create's operation, or by name) and erase it, not report the client gone.
/// </summary>
public sealed class UnrecordedResourceErasureTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    [Fact]
    public async Task A_store_whose_create_answer_was_lost_is_found_by_name_and_erased()
    {
        // Twilio creates the store and the answer is lost; the next run's lookup is refused, and the tenant fails.
        await stack.Emulator.AddFaultAsync(new ScriptedFault { Method = "POST", PathPrefix = "/v1/ControlPlane/Stores", Kind = FaultKind.LostAcknowledgement, Status = 502 });
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "lost-store" });
        await WaitUntilFaultsUsedAsync();
        await stack.Emulator.AddFaultAsync(new ScriptedFault { Method = "GET", PathPrefix = "/v1/ControlPlane/Stores", Status = 400 });
        var failed = await stack.WaitForStatusAsync("lost-store", TenantStatus.Failed);
        Assert.Null(failed.MemoryStoreId);
        var store = Assert.Single((await stack.Emulator.GetStateAsync()).Stores, s => s.DisplayName == "client-lost-store");

        var erasure = await OffboardAsync("lost-store");

        Assert.Equal(store.Id, Assert.Single(erasure.GetProperty("stores").EnumerateArray()).GetProperty("storeId").GetString());
        Assert.DoesNotContain((await stack.Emulator.GetStateAsync()).Stores, s => s.Id == store.Id && !s.Deleting);
    }

    [Fact]
    public async Task A_configuration_whose_create_answers_were_all_lost_is_found_by_name_and_erased()
    {
        // Every attempt's create reaches Twilio (replayed by its Idempotency-Key) and every answer is lost: the
        // tenant gives up with a configuration at Twilio it has no id for.
        await stack.Emulator.AddFaultAsync(new ScriptedFault { Method = "POST", PathPrefix = "/v2/ControlPlane/Configurations", Kind = FaultKind.LostAcknowledgement, Status = 503, Times = 100 });
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "lost-config" });
        var failed = await stack.WaitForStatusAsync("lost-config", TenantStatus.Failed);
        Assert.Null(failed.OrchestratorConfigurationId);
        var configuration = Assert.Single((await stack.Emulator.GetStateAsync()).Configurations, c => c.MemoryStoreId == failed.MemoryStoreId);

        var erasure = await OffboardAsync("lost-config");

        Assert.Equal(configuration.Id, erasure.GetProperty("configurationId").GetString());
        Assert.Null(await stack.Emulator.FindConfigurationAsync(configuration.Id));
    }

    private async Task<JsonElement> OffboardAsync(string clientId)
    {
        await stack.Emulator.ClearFaultsAsync();
        using var offboard = await stack.Admin.DeleteAsync($"/v1/tenants/{clientId}?immediate=true&reason=churned");
        Assert.Equal(HttpStatusCode.Accepted, offboard.StatusCode);
        await stack.WaitForStatusAsync(clientId, TenantStatus.Deleted);
        var tenant = await stack.Admin.GetFromJsonAsync<JsonElement>($"/v1/tenants/{clientId}");
        var erasure = tenant.GetProperty("erasure");
        Assert.True(erasure.GetProperty("complete").GetBoolean());
        return erasure;
    }

    private async Task WaitUntilFaultsUsedAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await stack.Emulator.GetFaultsAsync()).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the fault was never used");
            await Task.Delay(10);
        }
    }
}
