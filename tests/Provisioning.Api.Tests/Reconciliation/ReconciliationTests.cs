using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator.Admin;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.Api.Tests.Reconciliation;

/// <summary>Drift seeded at Twilio behind the service's back; a reconciliation run finds exactly it and repairs by policy.</summary>
public sealed class ReconciliationTests(ReconciliationTests.OrphanDeletingStack stack) : IClassFixture<ReconciliationTests.OrphanDeletingStack>
{
    // Orphans with no tenant are deleted only because this deployment says so (the default reports them), and the
    // tests' tenants live in the parent, where only an explicit parent policy lets reconciliation delete.
    public sealed class OrphanDeletingStack() : ProvisioningStack(
        ("Reconciliation:Policies:OrphanStore", "Delete"), ("Reconciliation:ParentOrphanPolicy", "Delete"));

    [Fact]
    public async Task One_run_finds_exactly_the_seeded_drift_repairs_it_and_a_second_run_finds_nothing()
    {
        var tenants = new Dictionary<string, TenantView>();
        foreach (var id in new[] { "drift-a", "drift-b", "drift-c", "drift-d", "drift-e" })
        {
            await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = id });
            tenants[id] = await stack.WaitForStatusAsync(id, TenantStatus.Ready);
        }
        await Task.Delay(600); // let Twilio's reads catch up with the creates

        var parent = stack.Emulator.ParentAccountSid;
        await stack.Emulator.DeleteStoreOutOfBandAsync(tenants["drift-a"].MemoryStoreId!);
        var orphan = await stack.Emulator.CreateStoreOutOfBandAsync(parent, "client-nobody");
        await stack.Emulator.ChangeConfigurationOutOfBandAsync(tenants["drift-b"].OrchestratorConfigurationId!, new OutOfBandConfigurationChange(MemoryStoreId: tenants["drift-c"].MemoryStoreId));
        await stack.Emulator.ChangeConfigurationOutOfBandAsync(tenants["drift-c"].OrchestratorConfigurationId!, new OutOfBandConfigurationChange(MemoryExtractionEnabled: false));
        var foreign = await stack.Emulator.CreateStoreOutOfBandAsync(parent, "legacy-app");
        await stack.Emulator.DeleteConfigurationOutOfBandAsync(tenants["drift-d"].OrchestratorConfigurationId!);
        var expected = new[]
        {
            ("MissingStore", "drift-a"), ("OrphanStore", (string?)null), ("ConfigurationLinkMismatch", "drift-b"),
            ("ConfigurationLinkMismatch", "drift-c"), ("ForeignStore", null), ("MissingConfiguration", "drift-d"),
        }.Order().ToList();

        // A dry run reports the same findings and changes nothing, at Twilio or in the database.
        var stateBefore = await stack.Emulator.GetStateAsync();
        var tenantsBefore = await stack.Admin.GetStringAsync("/v1/tenants?limit=200");
        var sequenceBefore = (await stack.Emulator.GetRequestsAsync()).Max(r => r.Sequence);
        var dry = await stack.Admin.RunAsync(dryRun: true);
        Assert.Equal(expected, Kinds(dry));
        Assert.All(dry.GetProperty("findings").EnumerateArray(), f => Assert.StartsWith("none (dry run", f.GetProperty("action").GetString()));
        Assert.DoesNotContain(await stack.Emulator.GetRequestsAsync(sequenceBefore), r => r.Method != "GET");
        Assert.Equal(tenantsBefore, await stack.Admin.GetStringAsync("/v1/tenants?limit=200"));
        Assert.Equivalent(stateBefore.Stores.Select(s => s.Id), (await stack.Emulator.GetStateAsync()).Stores.Select(s => s.Id));

        var run = await stack.Admin.RunAsync(dryRun: false);
        Assert.Equal(expected, Kinds(run));
        Assert.True(run.GetProperty("run").GetProperty("twilioCalls").GetInt64() > 0);
        var startedAt = run.GetProperty("run").GetProperty("startedAt").GetDateTimeOffset();
        foreach (var id in new[] { "drift-a", "drift-b", "drift-c", "drift-d" })
            await WaitForRepairAsync(id, startedAt);

        var state = await stack.Emulator.GetStateAsync();
        Assert.DoesNotContain(state.Stores, s => s.Id == orphan.Id);
        Assert.Contains(state.Stores, s => s.Id == foreign.Id);
        foreach (var id in new[] { "drift-a", "drift-b", "drift-c", "drift-d", "drift-e" })
        {
            var tenant = await stack.ControlPlane.GetFromJsonAsync<TenantView>($"/v1/tenants/{id}");
            var configuration = Assert.Single(state.Configurations, c => c.Id == tenant!.OrchestratorConfigurationId);
            Assert.Equal(tenant!.MemoryStoreId, configuration.MemoryStoreId);
            Assert.True(configuration.MemoryExtractionEnabled);
            Assert.Contains(state.Stores, s => s.Id == tenant.MemoryStoreId && s.Status == "ACTIVE");
        }
        var pool = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts");
        Assert.Equal(1, pool.GetProperty("accounts")[0].GetProperty("used").GetProperty("foreign").GetInt32());

        await Task.Delay(600);
        var second = await stack.Admin.RunAsync(dryRun: false);
        Assert.Empty(Kinds(second));
    }

    [Fact]
    public async Task A_second_request_while_a_run_is_going_returns_the_running_one()
    {
        // Twilio holds the run's first account listing, so the run is surely still going when all five arrive.
        await stack.Emulator.AddFaultAsync(new ScriptedFault { Method = "GET", PathPrefix = "/v1/ControlPlane/Stores", Kind = FaultKind.Delay, DelayMs = 1_000, Times = 5 });
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => stack.Admin.PostAsJsonAsync("/v1/reconciliations", new { dryRun = true })));

        var ids = new HashSet<string>();
        foreach (var response in responses)
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.Single(ids);
        await stack.Admin.WaitForRunAsync(ids.Single());
        await stack.Emulator.ClearFaultsAsync();
    }

    [Fact]
    public async Task A_store_that_looks_orphaned_because_its_tenant_is_still_creating_it_is_never_deleted()
    {
        // The create's operation runs long: the store is listed at Twilio while its tenant has no id for it yet.
        var settings = await stack.Emulator.GetSettingsAsync();
        await stack.Emulator.UpdateSettingsAsync(o => o.OperationDelayMs = 4_000);
        try
        {
            await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "slow-create" });
            var store = await WaitForStoreAsync("client-slow-create");

            var run = await stack.Admin.RunAsync(dryRun: false);

            var finding = run.Finding("OrphanStore", store.Id);
            Assert.DoesNotContain("deleted", finding.GetProperty("action").GetString(), StringComparison.Ordinal);
            Assert.Contains((await stack.Emulator.GetStateAsync()).Stores, s => s.Id == store.Id);
        }
        finally
        {
            await stack.Emulator.UpdateSettingsAsync(o => o.OperationDelayMs = settings.OperationDelayMs);
        }
        var ready = await stack.WaitForStatusAsync("slow-create", TenantStatus.Ready);
        Assert.Equal(Assert.Single((await stack.Emulator.GetStateAsync()).Stores, s => s.DisplayName == "client-slow-create").Id, ready.MemoryStoreId);
    }

    private async Task<StoreSnapshot> WaitForStoreAsync(string displayName)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            // Listed once Twilio's reads caught up with the create (the emulator's consistency window).
            var store = (await stack.Emulator.GetStateAsync()).Stores.SingleOrDefault(s => s.DisplayName == displayName);
            if (store is { Visible: true }) return store;
            Assert.True(DateTime.UtcNow < deadline, $"{displayName} was never created");
            await Task.Delay(50);
        }
    }

    private static List<(string Kind, string? ClientId)> Kinds(JsonElement detail) =>
        detail.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("kind").GetString()!, f.GetProperty("clientId").GetString()))
            .Order().ToList();

    private async Task WaitForRepairAsync(string clientId, DateTimeOffset after)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var tenant = await stack.ControlPlane.GetFromJsonAsync<TenantView>($"/v1/tenants/{clientId}");
            if (tenant!.Status == "Ready" && tenant.ReadyAt > after) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{clientId} was not repaired.");
    }
}
