using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>
/// Twilio refuses store deletes (as during its beta): the tenant stays Deprovisioning, saying why, and offboarding
/// keeps trying; only an admin's explicit, audited acceptance of the residual ends it.
/// </summary>
public sealed class RefusedStoreDeleteTests(RefusedStoreDeleteTests.RefusingStack stack) : IClassFixture<RefusedStoreDeleteTests.RefusingStack>
{
    public sealed class RefusingStack : ProvisioningStack
    {
        protected override void ConfigureEmulator(EmulatorOptions emulator)
        {
            base.ConfigureEmulator(emulator);
            emulator.StoreDeleteMode = StoreDeleteMode.Refuse;
        }
    }

    [Fact]
    public async Task A_refused_store_delete_is_never_reported_as_erased_and_ends_only_with_an_accepted_residual()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "refused-1" });
        var ready = await stack.WaitForStatusAsync("refused-1", TenantStatus.Ready);

        await stack.Admin.DeleteAsync("/v1/tenants/refused-1?immediate=true");
        var stuck = await stack.WaitForStatusAsync("refused-1", TenantStatus.Deprovisioning);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (stuck.LastError is null || !stuck.LastError.Contains("refused", StringComparison.OrdinalIgnoreCase))
        {
            Assert.True(DateTime.UtcNow < deadline, "the refusal was never reported");
            await Task.Delay(100);
            stuck = (await stack.ControlPlane.GetFromJsonAsync<TenantView>("/v1/tenants/refused-1"))!;
        }
        Assert.Equal("Deprovisioning", stuck.Status);
        var listed = await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants?status=Deprovisioning");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), t => t.GetProperty("clientId").GetString() == "refused-1");
        var state = await stack.Emulator.GetStateAsync();
        Assert.Contains(state.Stores, s => s.Id == ready.MemoryStoreId);
        Assert.DoesNotContain(state.Configurations, c => c.MemoryStoreId == ready.MemoryStoreId);

        using var missingReason = await stack.Admin.PostAsJsonAsync("/v1/tenants/refused-1/erasure:accept-residual", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missingReason.StatusCode);
        using var accepted = await stack.Admin.PostAsJsonAsync("/v1/tenants/refused-1/erasure:accept-residual", new { reason = "Twilio beta refuses store deletes" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var tenant = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Deleted", tenant.GetProperty("status").GetString());
        Assert.Contains(ready.MemoryStoreId!, tenant.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        var erasure = tenant.GetProperty("erasure");
        Assert.False(erasure.GetProperty("complete").GetBoolean());
        Assert.Equal(ready.OrchestratorConfigurationId, erasure.GetProperty("configurationId").GetString());
        var store = Assert.Single(erasure.GetProperty("stores").EnumerateArray());
        Assert.Equal(JsonValueKind.String, store.GetProperty("residualAcceptedAt").ValueKind);
        var events = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/tenants/refused-1/events");
        Assert.Contains(events.GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == "Erasure:accept-residual"
            && e.GetProperty("actor").GetString() == "test-admin");
        // The store still holds its slot.
        var pool = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts");
        Assert.Equal(1, pool.GetProperty("accounts")[0].GetProperty("used").GetProperty("ours").GetInt32());

        // The refused store was renamed, so the clientId's name is free: it can sign up again.
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "refused-1" });
        var again = await stack.WaitForStatusAsync("refused-1", TenantStatus.Ready);
        Assert.NotEqual(ready.MemoryStoreId, again.MemoryStoreId);
    }
}
