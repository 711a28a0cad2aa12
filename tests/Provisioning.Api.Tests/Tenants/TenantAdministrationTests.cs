using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Tenants;

public sealed class TenantAdministrationTests(WebhookStack stack) : IClassFixture<WebhookStack>
{
    [Fact]
    public async Task Repair_after_the_store_was_deleted_out_of_band_makes_a_new_store_and_switches_the_configuration()
    {
        var before = await SignUpAsync("repair-1");
        await stack.Emulator.DeleteStoreOutOfBandAsync(before.MemoryStoreId!);

        using var response = await stack.Admin.PostAsJsonAsync("/v1/tenants/repair-1/reprovision", new { mode = "repair", reason = "store lost" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString()));
        var after = await stack.WaitForStatusAsync("repair-1", TenantStatus.Ready);

        Assert.NotEqual(before.MemoryStoreId, after.MemoryStoreId);
        Assert.Equal(before.OrchestratorConfigurationId, after.OrchestratorConfigurationId);
        var state = await stack.Emulator.GetStateAsync();
        Assert.Equal("ACTIVE", Assert.Single(state.Stores, s => s.DisplayName == "client-repair-1").Status);
        Assert.Equal(after.MemoryStoreId, Assert.Single(state.Configurations, c => c.Id == after.OrchestratorConfigurationId).MemoryStoreId);
    }

    [Fact]
    public async Task Repair_after_the_configuration_was_deleted_creates_a_configuration_for_the_existing_store()
    {
        var before = await SignUpAsync("repair-2");
        await stack.Emulator.DeleteConfigurationOutOfBandAsync(before.OrchestratorConfigurationId!);

        await stack.Admin.PostAsJsonAsync("/v1/tenants/repair-2/reprovision", new { mode = "repair", reason = "configuration lost" });
        var after = await stack.WaitForStatusAsync("repair-2", TenantStatus.Ready);

        Assert.Equal(before.MemoryStoreId, after.MemoryStoreId);
        Assert.NotEqual(before.OrchestratorConfigurationId, after.OrchestratorConfigurationId);
        Assert.Single((await stack.Emulator.GetStateAsync()).Configurations, c => c.MemoryStoreId == after.MemoryStoreId);
    }

    [Fact]
    public async Task Recreate_makes_the_new_store_active_then_switches_the_configuration_then_deletes_the_old_store()
    {
        var before = await SignUpAsync("recreate-1");
        var since = (await stack.Emulator.GetRequestsAsync()).Max(r => r.Sequence);

        using var response = await stack.Admin.PostAsJsonAsync("/v1/tenants/recreate-1/reprovision", new { mode = "recreate", reason = "fresh start", deleteOldStore = true });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var after = await stack.WaitForStatusAsync("recreate-1", TenantStatus.Ready);

        Assert.NotEqual(before.MemoryStoreId, after.MemoryStoreId);
        var log = await stack.Emulator.GetRequestsAsync(since);
        var newStoreActive = log.Where(r => r.Method == "GET" && r.Path == $"/v1/ControlPlane/Stores/{after.MemoryStoreId}" && r.Status == 200).Min(r => r.Sequence);
        // A full replacement (L2): the live service takes no PATCH of a configuration.
        var configurationSwitch = Assert.Single(log, r => r.Method == "PUT" && r.Path == $"/v2/ControlPlane/Configurations/{after.OrchestratorConfigurationId}");
        Assert.DoesNotContain(log, r => r.Method == "PATCH" && r.Path.StartsWith("/v2/ControlPlane/Configurations", StringComparison.Ordinal));
        var oldStoreDelete = Assert.Single(log, r => r.Method == "DELETE" && r.Path == $"/v1/ControlPlane/Stores/{before.MemoryStoreId}");
        Assert.Contains(after.MemoryStoreId!, configurationSwitch.Body);
        Assert.True(newStoreActive < configurationSwitch.Sequence, "configuration switched before the new store was seen");
        Assert.True(configurationSwitch.Sequence < oldStoreDelete.Sequence, "old store deleted before the switch");

        var state = await stack.Emulator.GetStateAsync();
        Assert.DoesNotContain(state.Stores, s => s.Id == before.MemoryStoreId);
        Assert.Equal(after.MemoryStoreId, Assert.Single(state.Configurations, c => c.Id == after.OrchestratorConfigurationId).MemoryStoreId);
        var tenant = await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/recreate-1");
        var retired = Assert.Single(tenant.GetProperty("retiredStores").EnumerateArray());
        Assert.Equal(JsonValueKind.String, retired.GetProperty("deletedAt").ValueKind);
        await AssertSlotsMatchTwilioAsync();
    }

    [Fact]
    public async Task Recreate_that_keeps_the_old_store_reports_it_and_keeps_it_counted()
    {
        var before = await SignUpAsync("recreate-2");

        await stack.Admin.PostAsJsonAsync("/v1/tenants/recreate-2/reprovision", new { mode = "recreate", reason = "keep old" });
        var after = await stack.WaitForStatusAsync("recreate-2", TenantStatus.Ready);

        var state = await stack.Emulator.GetStateAsync();
        var old = Assert.Single(state.Stores, s => s.Id == before.MemoryStoreId);
        Assert.StartsWith("client-recreate-2-retired-", old.DisplayName);
        Assert.Single(state.Stores, s => s.DisplayName == "client-recreate-2" && s.Id == after.MemoryStoreId);
        await AssertSlotsMatchTwilioAsync();
    }

    [Fact]
    public async Task Offboarding_deletes_the_configuration_before_the_store_then_frees_the_slot_and_allows_a_new_signup()
    {
        var before = await SignUpAsync("offboard-1");
        var since = (await stack.Emulator.GetRequestsAsync()).Max(r => r.Sequence);

        using var response = await stack.Admin.DeleteAsync("/v1/tenants/offboard-1?immediate=true&reason=churned");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var deleted = await stack.WaitForStatusAsync("offboard-1", TenantStatus.Deleted);
        Assert.Null(deleted.LastError);

        var log = await stack.Emulator.GetRequestsAsync(since);
        // A delete sent before Twilio's reads caught up with the create answers 404 and is tried again: the accepted one counts.
        var configurationDelete = Assert.Single(log, r => r.Method == "DELETE" && r.Path == $"/v2/ControlPlane/Configurations/{before.OrchestratorConfigurationId}" && r.Status < 300);
        var storeDelete = Assert.Single(log, r => r.Method == "DELETE" && r.Path == $"/v1/ControlPlane/Stores/{before.MemoryStoreId}");
        var configurationDone = log.Where(r => r.Method == "GET" && r.Path.StartsWith("/v2/ControlPlane/Operations/", StringComparison.Ordinal) && r.Sequence > configurationDelete.Sequence).Min(r => r.Sequence);
        Assert.True(configurationDelete.Sequence < configurationDone && configurationDone < storeDelete.Sequence, "store deleted before the configuration's delete completed");
        var state = await stack.Emulator.GetStateAsync();
        Assert.DoesNotContain(state.Stores, s => s.Id == before.MemoryStoreId);
        Assert.DoesNotContain(state.Configurations, c => c.Id == before.OrchestratorConfigurationId);
        await AssertSlotsMatchTwilioAsync();

        // The clientId may sign up again, as a new tenant with new resources.
        var again = await SignUpAsync("offboard-1");
        Assert.NotEqual(before.MemoryStoreId, again.MemoryStoreId);
        var events = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/tenants/offboard-1/events");
        Assert.Contains(events.GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == "Offboard:immediate"
            && e.GetProperty("reason").GetString() == "churned" && e.GetProperty("actor").GetString() == "test-admin");
        Assert.Contains(events.GetProperty("items").EnumerateArray(), e => e.GetProperty("after").GetString() == "Deleted" && e.GetProperty("actor").GetString() == "system");
    }

    [Fact]
    public async Task Offboarding_erases_every_store_the_tenant_ever_had_including_one_a_recreate_kept()
    {
        var before = await SignUpAsync("erase-1");
        // The default recreate keeps the old store, renamed client-erase-1-retired-…, with the client's data in it.
        using (var recreate = await stack.Admin.PostAsJsonAsync("/v1/tenants/erase-1/reprovision", new { mode = "recreate", reason = "fresh" }))
            Assert.Equal(HttpStatusCode.Accepted, recreate.StatusCode);
        var after = await stack.WaitForStatusAsync("erase-1", TenantStatus.Ready);
        Assert.Contains((await stack.Emulator.GetStateAsync()).Stores, s => s.Id == before.MemoryStoreId);

        using (var delete = await stack.Admin.DeleteAsync("/v1/tenants/erase-1?immediate=true&reason=gdpr"))
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        await stack.WaitForStatusAsync("erase-1", TenantStatus.Deleted);

        var state = await stack.Emulator.GetStateAsync();
        Assert.DoesNotContain(state.Stores, s => s.Id == before.MemoryStoreId || s.Id == after.MemoryStoreId);
        Assert.DoesNotContain(state.Stores, s => s.DisplayName.StartsWith("client-erase-1", StringComparison.Ordinal));
        Assert.DoesNotContain(state.Configurations, c => c.Id == after.OrchestratorConfigurationId);
        var erasure = (await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/erase-1")).GetProperty("erasure");
        Assert.True(erasure.GetProperty("complete").GetBoolean());
        Assert.Equal(after.OrchestratorConfigurationId, erasure.GetProperty("configurationId").GetString());
        Assert.Equal(new[] { before.MemoryStoreId, after.MemoryStoreId }.Order(),
            erasure.GetProperty("stores").EnumerateArray().Select(s => s.GetProperty("storeId").GetString()).Order());
        Assert.All(erasure.GetProperty("stores").EnumerateArray(), s => Assert.Equal(JsonValueKind.String, s.GetProperty("deletedAt").ValueKind));
        await AssertSlotsMatchTwilioAsync();
    }

    [Fact]
    public async Task Deletion_is_pending_for_the_grace_period_and_can_be_cancelled()
    {
        var before = await SignUpAsync("grace-1");

        using var delete = await stack.Admin.DeleteAsync("/v1/tenants/grace-1?reason=trial%20ended");
        var pending = await delete.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("PendingDeletion", pending.GetProperty("status").GetString());
        Assert.True(pending.GetProperty("deletionDueAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(23));

        using var cancel = await stack.Admin.PostAsJsonAsync("/v1/tenants/grace-1/cancel-deletion", new { reason = "renewed" });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var restored = await stack.ControlPlane.GetFromJsonAsync<TenantView>("/v1/tenants/grace-1");
        Assert.Equal("Ready", restored!.Status);
        Assert.Contains((await stack.Emulator.GetStateAsync()).Stores, s => s.Id == before.MemoryStoreId);

        using var again = await stack.Admin.PostAsJsonAsync("/v1/tenants/grace-1/cancel-deletion", new { reason = "twice" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Failed_tenants_are_retried_in_bulk()
    {
        await stack.Emulator.AddFaultAsync(new Provisioning.TwilioEmulator.Faults.ScriptedFault
        {
            Method = "POST", PathPrefix = "/v2/ControlPlane/Configurations", Kind = Provisioning.TwilioEmulator.Faults.FaultKind.Status, Status = 403, Times = 2,
        });
        foreach (var id in new[] { "bulk-1", "bulk-2" })
        {
            await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = id });
            await stack.WaitForStatusAsync(id, TenantStatus.Failed);
        }

        using var response = await stack.Admin.PostAsJsonAsync("/v1/tenants:retry", new { reason = "Twilio permissions fixed" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(accepted.GetProperty("enqueued").GetInt32() >= 2);

        await stack.WaitForStatusAsync("bulk-1", TenantStatus.Ready);
        await stack.WaitForStatusAsync("bulk-2", TenantStatus.Ready);
    }

    [Fact]
    public async Task Lifecycle_webhooks_are_signed_and_redelivered_after_the_receiver_fails_twice()
    {
        stack.Receiver.FailNext(2, "\"hook-1\"");
        var tenant = await SignUpAsync("hook-1");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!stack.Receiver.Received.Any(r => r.Body.Contains("\"hook-1\"") && !r.AnsweredWithFailure) && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        var received = stack.Receiver.Received.Where(r => r.Body.Contains("\"hook-1\"")).ToList();
        Assert.Equal(3, received.Count);
        Assert.All(received, r => Assert.True(r.SignatureValid));
        Assert.Single(received.Select(r => r.DeliveryId).Distinct());
        var body = JsonDocument.Parse(received[^1].Body).RootElement;
        Assert.Equal("tenant.ready", body.GetProperty("type").GetString());
        Assert.Equal(tenant.MemoryStoreId, body.GetProperty("tenant").GetProperty("memoryStoreId").GetString());

        var deliveries = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/tenants/hook-1/webhooks");
        var delivery = Assert.Single(deliveries.GetProperty("items").EnumerateArray());
        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.String, delivery.GetProperty("deliveredAt").ValueKind);
    }

    [Theory]
    [InlineData("POST", "/v1/tenants/any-1/reprovision", """{"mode":"repair","reason":"x"}""")]
    [InlineData("DELETE", "/v1/tenants/any-1", null)]
    [InlineData("POST", "/v1/tenants/any-1/cancel-deletion", "{}")]
    [InlineData("POST", "/v1/tenants/any-1/retry", null)]
    [InlineData("GET", "/v1/tenants/any-1/webhooks", null)]
    [InlineData("POST", "/v1/tenants:retry", """{"reason":"x"}""")]
    [InlineData("GET", "/v1/accounts", null)]
    [InlineData("PATCH", "/v1/accounts/AC00000000000000000000000000000000", """{"acceptsTenants":false}""")]
    [InlineData("GET", "/hangfire", null)]
    public async Task Admin_endpoints_refuse_control_plane_keys_and_anonymous_callers(string method, string path, string? body)
    {
        foreach (var (client, expected) in new[] { (stack.ControlPlane, HttpStatusCode.Forbidden), (stack.CreateClient(apiKey: null), HttpStatusCode.Unauthorized) })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
        }
    }

    [Fact]
    public async Task Hangfire_dashboard_opens_for_admins()
    {
        using var response = await stack.Admin.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<TenantView> SignUpAsync(string clientId)
    {
        using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await stack.WaitForStatusAsync(clientId, TenantStatus.Ready);
    }

    /// <summary>The pool's count of our slots equals the stores Twilio holds for us (retired ones included).</summary>
    private async Task AssertSlotsMatchTwilioAsync()
    {
        var state = await stack.Emulator.GetStateAsync();
        var pool = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts");
        var parent = pool.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("isParent").GetBoolean());
        var tenantsWithoutStore = (await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/tenants?limit=200")).GetProperty("items").EnumerateArray()
            .Count(t => t.GetProperty("status").GetString() is "Pending" or "Provisioning" or "Failed" && t.GetProperty("memoryStoreId").ValueKind == JsonValueKind.Null && t.GetProperty("accountSid").ValueKind == JsonValueKind.String);
        Assert.Equal(state.Stores.Count(s => s.AccountSid == stack.Emulator.ParentAccountSid) + tenantsWithoutStore,
            parent.GetProperty("used").GetProperty("ours").GetInt32());
    }
}
