using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>The tenant's lifecycle as the API shows it: one audit row per change, and the interleavings the aggregate and its service settle.</summary>
public sealed class TenantLifecycleTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    [Fact]
    public async Task Each_admin_action_writes_exactly_one_audit_row_and_the_trail_is_one_unbroken_chain()
    {
        await stack.Emulator.AddFaultAsync(new ScriptedFault { Method = "POST", PathPrefix = "/v2/ControlPlane/Configurations", Kind = FaultKind.Status, Status = 403, Times = 1 });
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "audit-1" });
        await stack.WaitForStatusAsync("audit-1", TenantStatus.Failed);

        await AdminAsync(HttpMethod.Post, "/v1/tenants/audit-1/retry", null);
        await stack.WaitForStatusAsync("audit-1", TenantStatus.Ready);
        await AdminAsync(HttpMethod.Post, "/v1/tenants/audit-1/reprovision", new { mode = "repair", reason = "check" });
        await stack.WaitForStatusAsync("audit-1", TenantStatus.Ready);
        await AdminAsync(HttpMethod.Post, "/v1/tenants/audit-1/reprovision", new { mode = "recreate", reason = "fresh", deleteOldStore = true });
        await stack.WaitForStatusAsync("audit-1", TenantStatus.Ready);
        await AdminAsync(HttpMethod.Delete, "/v1/tenants/audit-1?reason=trial", null);
        await AdminAsync(HttpMethod.Post, "/v1/tenants/audit-1/cancel-deletion", new { reason = "renewed" });
        await AdminAsync(HttpMethod.Delete, "/v1/tenants/audit-1?immediate=true&reason=churned", null);
        await stack.WaitForStatusAsync("audit-1", TenantStatus.Deleted);

        var trail = (await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/tenants/audit-1/events")).GetProperty("items").EnumerateArray()
            .Select(e => (Action: e.GetProperty("action").GetString()!, Actor: e.GetProperty("actor").GetString()!,
                Before: e.GetProperty("before").GetString(), After: e.GetProperty("after").GetString()!))
            .ToList();
        foreach (var action in new[] { "Retry", "Reprovision:repair", "Reprovision:recreate", "Offboard", "CancelDeletion", "Offboard:immediate" })
            Assert.Equal("test-admin", Assert.Single(trail, e => e.Action == action).Actor);
        Assert.Equal(("Created", (string?)null, "Pending"), (trail[0].Action, trail[0].Before, trail[0].After));
        // One row per change: each row starts where the one before it ended (two rows for one change would not).
        for (var i = 1; i < trail.Count; i++)
            Assert.True(trail[i].Before == trail[i - 1].After, $"row {i} ({trail[i]}) does not follow row {i - 1} ({trail[i - 1]})");
        Assert.Equal("Deleted", trail[^1].After);
    }

    [Fact]
    public async Task A_repeated_signup_of_a_tenant_that_is_not_live_says_what_its_state_means_instead_of_202()
    {
        await stack.Emulator.AddFaultAsync(new ScriptedFault { Method = "POST", PathPrefix = "/v2/ControlPlane/Configurations", Kind = FaultKind.Status, Status = 403, Times = 1 });
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "again-failed" });
        await stack.WaitForStatusAsync("again-failed", TenantStatus.Failed);
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "again-leaving" });
        await stack.WaitForStatusAsync("again-leaving", TenantStatus.Ready);
        await AdminAsync(HttpMethod.Delete, "/v1/tenants/again-leaving?reason=trial", null);

        // Either would start nothing: a 202 would promise work that no one does.
        await AssertConflictAsync(await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "again-failed" }), "Failed");
        await AssertConflictAsync(await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "again-leaving" }), "PendingDeletion");
    }

    [Fact]
    public async Task Concurrent_recreates_of_one_tenant_take_one_slot()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "recreate-race" });
        var before = await stack.WaitForStatusAsync("recreate-race", TenantStatus.Ready);
        var oursBefore = await OurSlotsAsync(before.AccountSid!);

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            using var response = await stack.Admin.PostAsJsonAsync("/v1/tenants/recreate-race/reprovision", new { mode = "recreate", reason = "race" });
            return response.StatusCode;
        }));

        Assert.Equal(1, answers.Count(s => s == HttpStatusCode.Accepted));
        Assert.All(answers.Where(s => s != HttpStatusCode.Accepted), s => Assert.Equal(HttpStatusCode.Conflict, s));
        var after = await stack.WaitForStatusAsync("recreate-race", TenantStatus.Ready);
        Assert.NotEqual(before.MemoryStoreId, after.MemoryStoreId);
        // The old store is kept (retired) and holds its slot; the new one holds one more: exactly one more.
        Assert.Equal(oursBefore + 1, await OurSlotsAsync(before.AccountSid!));
        var state = await stack.Emulator.GetStateAsync();
        Assert.Equal(2, state.Stores.Count(s => s.DisplayName.StartsWith("client-recreate-race", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Work_queued_while_another_run_holds_the_tenant_is_picked_up_when_that_run_ends()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "locked-1", orchestrator = new { channels = new { SMS = new { addresses = new[] { "+15557770001" } } } } });
        var ready = await stack.WaitForStatusAsync("locked-1", TenantStatus.Ready);

        // The run that applies revision 2 is held at Twilio while revision 3 comes in: the run queued for it meets
        // the held tenant, and the holder has already read its settings.
        await stack.Emulator.AddFaultAsync(new ScriptedFault { Method = "GET", PathPrefix = "/v2/ControlPlane/Configurations/", Kind = FaultKind.Delay, DelayMs = 1200, Times = 1 });
        await PatchSmsAsync("locked-1", "+15557770002");
        await Task.Delay(300);
        await PatchSmsAsync("locked-1", "+15557770003");

        // Not the watchdog's 15 minutes: the holder looked again when it ended.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        JsonElement tenant;
        do
        {
            Assert.True(DateTime.UtcNow < deadline, "revision 3 was not applied: " + await stack.ControlPlane.GetStringAsync("/v1/tenants/locked-1/events"));
            await Task.Delay(100);
            tenant = await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/locked-1");
        } while (tenant.GetProperty("appliedSettingsRevision").GetInt32() < 3);
        var rules = (await stack.Emulator.FindConfigurationAsync(ready.OrchestratorConfigurationId!))!.ChannelSettings!["SMS"]!["captureRules"]!.AsArray();
        Assert.Contains(rules, r => r!["to"]!.GetValue<string>() == "+15557770003");
    }

    private async Task PatchSmsAsync(string clientId, string number)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/v1/tenants/{clientId}")
        {
            Content = JsonContent.Create(new { orchestrator = new { channels = new { SMS = new { addresses = new[] { number } } } } }),
        };
        using var response = await stack.ControlPlane.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task A_list_of_statuses_is_a_bad_request_not_a_filter_by_a_third_status()
    {
        using var response = await stack.ControlPlane.GetAsync("/v1/tenants?status=Provisioning,Ready");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("Status", out _) || problem.GetProperty("errors").TryGetProperty("status", out _));
    }

    private async Task AdminAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await stack.Admin.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task AssertConflictAsync(HttpResponseMessage response, string status)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains($"is {status}", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    private async Task<int> OurSlotsAsync(string accountSid)
    {
        var pool = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts");
        return pool.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("sid").GetString() == accountSid)
            .GetProperty("used").GetProperty("ours").GetInt32();
    }

}
