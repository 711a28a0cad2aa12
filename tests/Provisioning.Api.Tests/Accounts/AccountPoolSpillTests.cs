using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Accounts;

/// <summary>100 signups at once through two service hosts: the pool spills into subaccounts, never past either cap.</summary>
public sealed class AccountPoolSpillTests(AccountPoolSpillTests.TwoHostStack stack) : IClassFixture<AccountPoolSpillTests.TwoHostStack>
{
    public sealed class TwoHostStack : ProvisioningStack
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await AddHostAsync();
        }
    }

    [Fact]
    public async Task Hundred_concurrent_signups_fill_ten_accounts_without_an_eleventh_configuration()
    {
        var clientIds = Enumerable.Range(1, 100).Select(i => $"spill-{i:D3}").ToList();
        var secondHost = stack.AddedHosts[0].CreateClient(ProvisioningStack.ControlPlaneKey);
        var responses = await Task.WhenAll(clientIds.Select((id, i) =>
            (i % 2 == 0 ? stack.ControlPlane : secondHost).PostAsJsonAsync("/v1/tenants", new { clientId = id })));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));

        var tenants = new List<TenantView>();
        foreach (var id in clientIds)
            tenants.Add(await stack.WaitForStatusAsync(id, TenantStatus.Ready, TimeSpan.FromSeconds(120)));

        var state = await stack.Emulator.GetStateAsync();
        var storesByAccount = state.Stores.GroupBy(s => s.AccountSid).ToDictionary(g => g.Key, g => g.ToList());
        Assert.All(storesByAccount, pair => Assert.True(pair.Value.Count <= 15, $"{pair.Key} holds {pair.Value.Count} stores"));
        // An account holds 10 configurations (L1), so 10 tenants: the parent and 9 subaccounts hold the 100.
        Assert.All(state.Configurations.GroupBy(c => c.AccountSid), g => Assert.True(g.Count() <= 10, $"{g.Key} holds {g.Count()} configurations"));
        Assert.Equal(10, storesByAccount.Count);
        Assert.Contains(stack.Emulator.ParentAccountSid, storesByAccount.Keys);
        // At most one more, empty, may exist as headroom.
        Assert.InRange(state.Accounts.Count, 10, 11);
        Assert.All(state.Accounts.Where(a => a.Sid != stack.Emulator.ParentAccountSid), a => Assert.Equal(stack.Emulator.ParentAccountSid, a.OwnerAccountSid));

        var requests = await stack.Emulator.GetRequestsAsync();
        Assert.DoesNotContain(requests, r => r.Method == "POST" && r.Path == "/v1/ControlPlane/Stores" && r.Status >= 400);
        Assert.DoesNotContain(requests, r => r.Method == "POST" && r.Path == "/v2/ControlPlane/Configurations" && r.Status >= 400);

        foreach (var tenant in tenants)
        {
            var store = Assert.Single(state.Stores, s => s.DisplayName == tenant.MemoryStoreName);
            Assert.Equal(store.Id, tenant.MemoryStoreId);
            Assert.Equal(store.AccountSid, tenant.AccountSid);
            Assert.Single(state.Configurations, c => c.MemoryStoreId == store.Id && c.AccountSid == store.AccountSid);
        }

        var pool = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts");
        Assert.Equal(100, pool.GetProperty("totals").GetProperty("tenants").GetInt32());
        foreach (var account in pool.GetProperty("accounts").EnumerateArray())
        {
            var sid = account.GetProperty("sid").GetString()!;
            Assert.Equal(storesByAccount.GetValueOrDefault(sid)?.Count ?? 0, account.GetProperty("used").GetProperty("ours").GetInt32());
        }
    }
}
