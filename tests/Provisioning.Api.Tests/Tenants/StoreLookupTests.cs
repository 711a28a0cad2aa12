using System.Net.Http.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>
/// Before creating a store the saga looks for one with the tenant's name among the account's stores (M2 lists
/// ids only, M3 fetches one). What it learnt once is not paid for again by the next signup.
/// </summary>
public sealed class StoreLookupTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    [Fact]
    public async Task A_store_seen_under_another_name_is_not_fetched_again_by_later_signups()
    {
        var legacy = await stack.Emulator.CreateStoreOutOfBandAsync(stack.Emulator.ParentAccountSid, "legacy-app");
        await Task.Delay(400); // past the emulator's consistency window, so lists show it
        var since = (await stack.Emulator.GetRequestsAsync()).Select(r => r.Sequence).DefaultIfEmpty().Max();

        var tenants = new List<TenantView>();
        foreach (var clientId in new[] { "lookup-1", "lookup-2", "lookup-3" })
        {
            await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId });
            tenants.Add(await stack.WaitForStatusAsync(clientId, TenantStatus.Ready));
        }

        var requests = await stack.Emulator.GetRequestsAsync(since);
        Assert.Single(requests, r => r.Method == "GET" && r.Path == $"/v1/ControlPlane/Stores/{legacy.Id}");
        Assert.DoesNotContain(tenants, t => t.MemoryStoreId == legacy.Id);
    }

    [Fact]
    public async Task Concurrent_signups_share_one_fetch_of_a_store_none_of_them_knows()
    {
        var legacy = await stack.Emulator.CreateStoreOutOfBandAsync(stack.Emulator.ParentAccountSid, "legacy-shared");
        await Task.Delay(400);
        // Twilio answers that fetch slowly, so the signups' lookups overlap while it is under way.
        await stack.Emulator.AddFaultAsync(new ScriptedFault
            { Method = "GET", PathPrefix = $"/v1/ControlPlane/Stores/{legacy.Id}", Kind = FaultKind.Delay, DelayMs = 500, Times = 1 });
        var since = (await stack.Emulator.GetRequestsAsync()).Select(r => r.Sequence).DefaultIfEmpty().Max();

        var clientIds = Enumerable.Range(1, 5).Select(i => $"lookup-together-{i}").ToList();
        await Task.WhenAll(clientIds.Select(clientId => stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId })));
        foreach (var clientId in clientIds) await stack.WaitForStatusAsync(clientId, TenantStatus.Ready);

        var requests = await stack.Emulator.GetRequestsAsync(since);
        Assert.Single(requests, r => r.Method == "GET" && r.Path == $"/v1/ControlPlane/Stores/{legacy.Id}");
    }

    [Fact]
    public async Task A_store_already_named_for_the_tenant_is_adopted_instead_of_creating_another()
    {
        var existing = await stack.Emulator.CreateStoreOutOfBandAsync(stack.Emulator.ParentAccountSid, "client-lookup-adopt");
        await Task.Delay(400);

        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "lookup-adopt" });
        var ready = await stack.WaitForStatusAsync("lookup-adopt", TenantStatus.Ready);

        Assert.Equal(existing.Id, ready.MemoryStoreId);
        Assert.Single((await stack.Emulator.GetStateAsync()).Stores, s => s.DisplayName == "client-lookup-adopt");
    }
}
