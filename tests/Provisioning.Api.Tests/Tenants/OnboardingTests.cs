using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Tenants;

[Collection(ProvisioningStackCollection.Name)]
public sealed class OnboardingTests(ProvisioningStack stack)
{
    [Fact]
    public async Task Signup_reaches_Ready_with_the_ids_twilio_holds()
    {
        using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "onboard-1", displayName = "Onboard One" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/v1/tenants/onboard-1", response.Headers.Location?.OriginalString);
        var accepted = await response.Content.ReadFromJsonAsync<TenantView>();
        Assert.Equal("onboard-1", accepted!.ClientId);
        Assert.Contains(accepted.Status, new[] { "Pending", "Provisioning" });

        var ready = await stack.WaitForStatusAsync("onboard-1", TenantStatus.Ready);

        var state = await stack.Emulator.GetStateAsync();
        var store = Assert.Single(state.Stores, s => s.DisplayName == "client-onboard-1");
        var configuration = Assert.Single(state.Configurations, c => c.MemoryStoreId == store.Id);
        Assert.Equal(store.Id, ready.MemoryStoreId);
        Assert.Equal("client-onboard-1", ready.MemoryStoreName);
        Assert.Equal("ACTIVE", store.Status);
        // The parent, or a subaccount of it once the tests sharing this stack have filled the parent.
        Assert.Contains(store.AccountSid, state.Accounts.Where(a => a.OwnerAccountSid == stack.Emulator.ParentAccountSid)
            .Select(a => a.Sid).Append(stack.Emulator.ParentAccountSid));
        Assert.Equal(store.AccountSid, ready.AccountSid);
        Assert.Equal(configuration.Id, ready.OrchestratorConfigurationId);
        Assert.Equal("client-onboard-1", configuration.DisplayName);
        Assert.True(configuration.MemoryExtractionEnabled);
        Assert.NotNull(ready.ReadyAt);
        Assert.Null(ready.LastError);
        // What the tenant cost: at least list, create, poll, fetch, configuration create and its poll.
        var cost = (await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/onboard-1")).GetProperty("twilioCalls").GetInt32();
        Assert.InRange(cost, 6, 30);
    }

    [Fact]
    public async Task Configuration_is_created_only_after_the_store_is_active()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "order-1" });
        var ready = await stack.WaitForStatusAsync("order-1", TenantStatus.Ready);

        var log = await stack.Emulator.GetRequestsAsync();
        var storeCreate = Assert.Single(log, r => r.Method == "POST" && r.Path == "/v1/ControlPlane/Stores" && r.Body?.Contains("client-order-1") == true);
        var configCreate = Assert.Single(log, r => r.Method == "POST" && r.Path == "/v2/ControlPlane/Configurations" && r.Body?.Contains(ready.MemoryStoreId!) == true);
        var storeFetches = log.Where(r => r.Method == "GET" && r.Path == $"/v1/ControlPlane/Stores/{ready.MemoryStoreId}").ToList();

        Assert.True(storeCreate.Sequence < configCreate.Sequence);
        // The last fetch before the configuration create saw the store (200), and the emulator had it ACTIVE by then.
        var lastFetchBefore = storeFetches.Where(f => f.Sequence < configCreate.Sequence).MaxBy(f => f.Sequence);
        Assert.NotNull(lastFetchBefore);
        Assert.Equal(200, lastFetchBefore.Status);
        var store = Assert.Single((await stack.Emulator.GetStateAsync()).Stores, s => s.Id == ready.MemoryStoreId);
        Assert.True(store.ActiveAt <= lastFetchBefore.Time, $"store ACTIVE at {store.ActiveAt}, last fetch at {lastFetchBefore.Time}");
    }

    [Fact]
    public async Task Same_signup_again_returns_the_same_tenant_and_asks_for_no_run()
    {
        var body = new { clientId = "repeat-1", displayName = "Repeat", orchestrator = new { memoryExtractionEnabled = false } };
        using var first = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", body);
        var firstTenant = await first.Content.ReadFromJsonAsync<TenantView>();
        await stack.WaitForStatusAsync("repeat-1", TenantStatus.Ready);

        using var second = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", body);

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var secondTenant = await second.Content.ReadFromJsonAsync<TenantView>();
        Assert.Equal("Ready", secondTenant!.Status);
        Assert.Equal(firstTenant!.CreatedAt, secondTenant.CreatedAt);
        // The repeat asked for no run: the tenant has nothing due.
        Assert.Equal("Idle", await RunStateAsync("repeat-1"));
        var state = await stack.Emulator.GetStateAsync();
        Assert.Single(state.Stores, s => s.DisplayName == "client-repeat-1");
        Assert.False(Assert.Single(state.Configurations, c => c.DisplayName == "client-repeat-1").MemoryExtractionEnabled);
    }

    [Fact]
    public async Task Same_client_id_with_other_settings_is_a_409()
    {
        using var first = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "conflict-1", displayName = "One" });
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        using var second = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "conflict-1", displayName = "Two" });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        var tenant = await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/conflict-1");
        Assert.Equal("One", tenant.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Concurrent_duplicate_signups_make_one_tenant_one_run_one_store()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "burst-1" })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        await stack.WaitForStatusAsync("burst-1", TenantStatus.Ready);
        Assert.Equal("Idle", await RunStateAsync("burst-1"));
        Assert.Single((await stack.Emulator.GetStateAsync()).Stores, s => s.DisplayName == "client-burst-1");
    }

    [Fact]
    public async Task Tenants_list_pages_by_cursor_and_filters_by_status()
    {
        foreach (var id in new[] { "page-a", "page-b", "page-c" })
            await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = id });

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants?limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= 2);
            seen.AddRange(items.Select(i => i.GetProperty("clientId").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), new HashSet<string> { "page-a", "page-b", "page-c" });
        Assert.True(seen.IndexOf("page-a") < seen.IndexOf("page-b") && seen.IndexOf("page-b") < seen.IndexOf("page-c"), "signup order");

        await stack.WaitForStatusAsync("page-c", TenantStatus.Ready);
        var ready = await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants?status=Ready&limit=200");
        Assert.All(ready.GetProperty("items").EnumerateArray(), i => Assert.Equal("Ready", i.GetProperty("status").GetString()));
        Assert.Contains(ready.GetProperty("items").EnumerateArray(), i => i.GetProperty("clientId").GetString() == "page-c");
    }

    private async Task<string?> RunStateAsync(string clientId) =>
        (await stack.ControlPlane.GetFromJsonAsync<JsonElement>($"/v1/tenants/{clientId}")).GetProperty("run").GetProperty("state").GetString();
}
