using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.Api.Tests.Accounts;

/// <summary>100 signups at once through two service hosts: the pool spills into subaccounts, never past the cap.</summary>
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
    public async Task Hundred_concurrent_signups_fill_seven_accounts_without_a_sixteenth_store()
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
        Assert.Equal(7, storesByAccount.Count);
        Assert.Contains(stack.Emulator.ParentAccountSid, storesByAccount.Keys);
        // Parent + 6 subaccounts hold the stores; at most one more, empty, may exist as headroom.
        Assert.InRange(state.Accounts.Count, 7, 8);
        Assert.All(state.Accounts.Where(a => a.Sid != stack.Emulator.ParentAccountSid), a => Assert.Equal(stack.Emulator.ParentAccountSid, a.OwnerAccountSid));

        var requests = await stack.Emulator.GetRequestsAsync();
        Assert.DoesNotContain(requests, r => r.Method == "POST" && r.Path == "/v1/ControlPlane/Stores" && r.Status >= 400);

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

/// <summary>The parent already holds stores made outside the service: they count against the cap.</summary>
public sealed class ForeignStoreTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    [Fact]
    public async Task Parent_with_ten_foreign_stores_takes_only_five_tenants()
    {
        for (var i = 0; i < 10; i++)
            await stack.Emulator.CreateStoreOutOfBandAsync(stack.Emulator.ParentAccountSid, $"legacy-{i}");

        var clientIds = Enumerable.Range(1, 8).Select(i => $"foreign-{i}").ToList();
        foreach (var id in clientIds)
            await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = id });
        var tenants = new List<TenantView>();
        foreach (var id in clientIds)
            tenants.Add(await stack.WaitForStatusAsync(id, TenantStatus.Ready, TimeSpan.FromSeconds(60)));

        Assert.Equal(5, tenants.Count(t => t.AccountSid == stack.Emulator.ParentAccountSid));
        Assert.Equal(3, tenants.Count(t => t.AccountSid != stack.Emulator.ParentAccountSid));
        var state = await stack.Emulator.GetStateAsync();
        Assert.Equal(15, state.Stores.Count(s => s.AccountSid == stack.Emulator.ParentAccountSid));
        Assert.DoesNotContain(await stack.Emulator.GetRequestsAsync(), r => r.Method == "POST" && r.Path == "/v1/ControlPlane/Stores" && r.Status >= 400);

        var pool = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts");
        var parent = pool.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("isParent").GetBoolean());
        Assert.Equal(10, parent.GetProperty("used").GetProperty("foreign").GetInt32());
        Assert.Equal(5, parent.GetProperty("used").GetProperty("ours").GetInt32());
        Assert.Equal(0, parent.GetProperty("free").GetInt32());
    }
}

/// <summary>Stores appear outside the service after it counted: Twilio refuses the create, the tenant moves.</summary>
public sealed class CapSurpriseTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    [Fact]
    public async Task Refused_store_create_at_the_cap_moves_the_tenant_to_another_account()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "surprise-0" });
        await stack.WaitForStatusAsync("surprise-0", TenantStatus.Ready);
        // The parent joined the pool holding one store (ours). Now fill it to the cap behind the service's back.
        for (var i = 0; i < 14; i++)
            await stack.Emulator.CreateStoreOutOfBandAsync(stack.Emulator.ParentAccountSid, $"behind-{i}");

        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "surprise-1" });
        var moved = await stack.WaitForStatusAsync("surprise-1", TenantStatus.Ready);

        Assert.NotEqual(stack.Emulator.ParentAccountSid, moved.AccountSid);
        var state = await stack.Emulator.GetStateAsync();
        Assert.Equal(15, state.Stores.Count(s => s.AccountSid == stack.Emulator.ParentAccountSid));
        Assert.Single(state.Stores, s => s.DisplayName == "client-surprise-1");
        var pool = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts");
        var parent = pool.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("isParent").GetBoolean());
        Assert.Equal(1, parent.GetProperty("used").GetProperty("ours").GetInt32());
        Assert.Equal(14, parent.GetProperty("used").GetProperty("foreign").GetInt32());
    }
}

/// <summary>Subaccount creation whose reply is lost, and a small cap that forces several subaccounts.</summary>
public sealed class SubaccountTests(SubaccountTests.SmallCapStack stack) : IClassFixture<SubaccountTests.SmallCapStack>
{
    public sealed class SmallCapStack : ProvisioningStack
    {
        protected override void ConfigureEmulator(EmulatorOptions emulator)
        {
            base.ConfigureEmulator(emulator);
            emulator.StoreCap = 2;
        }

        protected override Dictionary<string, string?> ServiceSettings()
        {
            var settings = base.ServiceSettings();
            settings["Twilio:StoreCapPerAccount"] = "2";
            settings["AccountPool:HeadroomSlots"] = "0";
            return settings;
        }
    }

    [Fact]
    public async Task Lost_reply_to_subaccount_create_still_yields_exactly_one_subaccount_and_secrets_stay_secret()
    {
        // The subaccount is created at Twilio, but the reply is lost: as if the process died before its commit.
        await stack.Emulator.AddFaultAsync(new ScriptedFault
        {
            Method = "POST", PathPrefix = "/2010-04-01/Accounts.json", Kind = FaultKind.LostAcknowledgement, Status = 500, Times = 1,
        });

        foreach (var id in new[] { "sub-1", "sub-2", "sub-3" })
        {
            await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = id });
            await stack.WaitForStatusAsync(id, TenantStatus.Ready);
        }

        var state = await stack.Emulator.GetStateAsync();
        var subaccounts = state.Accounts.Where(a => a.Sid != stack.Emulator.ParentAccountSid).ToList();
        var subaccount = Assert.Single(subaccounts);
        Assert.Equal("provisioning-pool-0001", subaccount.FriendlyName);
        Assert.Equal(2, state.Stores.Count(s => s.AccountSid == stack.Emulator.ParentAccountSid));
        Assert.Single(state.Stores, s => s.AccountSid == subaccount.Sid);
        var creates = (await stack.Emulator.GetRequestsAsync()).Where(r => r.Method == "POST" && r.Path == "/2010-04-01/Accounts.json").ToList();
        Assert.Single(creates);

        await AssertNoSecretLeaksAsync();
    }

    private async Task AssertNoSecretLeaksAsync()
    {
        var emulator = stack.Emulator.Services.GetRequiredService<EmulatorState>();
        List<string> secrets;
        lock (emulator.Sync)
            secrets = [.. emulator.Accounts.Values.Select(a => a.AuthToken), .. emulator.ApiKeys.Values.Select(k => k.Secret)];
        Assert.True(secrets.Count >= 3, "parent token, subaccount token and its API key secret");

        var logs = string.Join('\n', stack.Logs);
        var api = await stack.Admin.GetStringAsync("/v1/accounts") + await stack.Admin.GetStringAsync("/v1/tenants?limit=200");
        var database = await DumpDatabaseTextAsync();
        Assert.Contains(stack.Emulator.ParentAccountSid, database); // the dump does read the tables
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, api, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, database, StringComparison.Ordinal);
        }
    }

    /// <summary>Every row of every table of the service and of Hangfire, as text.</summary>
    private async Task<string> DumpDatabaseTextAsync()
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables where table_schema in ('public', 'hangfire') and table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));

        var text = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var dump = new NpgsqlCommand($"select t::text from {table} t", connection);
            await using var reader = await dump.ExecuteReaderAsync();
            while (await reader.ReadAsync()) text.AppendLine(reader.GetString(0));
        }
        return text.ToString();
    }
}

/// <summary>At the subaccount ceiling signups wait, Pending with the reason, and resume when capacity appears.</summary>
public sealed class CeilingTests(CeilingTests.NoSubaccountsStack stack) : IClassFixture<CeilingTests.NoSubaccountsStack>
{
    public sealed class NoSubaccountsStack : ProvisioningStack
    {
        protected override void ConfigureEmulator(EmulatorOptions emulator)
        {
            base.ConfigureEmulator(emulator);
            emulator.StoreCap = 2;
        }

        protected override Dictionary<string, string?> ServiceSettings()
        {
            var settings = base.ServiceSettings();
            settings["Twilio:StoreCapPerAccount"] = "1";
            settings["Twilio:MaxSubaccounts"] = "0";
            return settings;
        }
    }

    [Fact]
    public async Task At_the_ceiling_a_signup_stays_pending_with_the_reason_then_resumes()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "ceiling-1" });
        await stack.WaitForStatusAsync("ceiling-1", TenantStatus.Ready);

        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "ceiling-2" });
        await Task.Delay(TimeSpan.FromSeconds(2));
        var waiting = await stack.ControlPlane.GetFromJsonAsync<TenantView>("/v1/tenants/ceiling-2");
        Assert.Equal("Pending", waiting!.Status);
        Assert.Contains("subaccount", waiting.LastError, StringComparison.OrdinalIgnoreCase);
        var pool = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts");
        Assert.True(pool.GetProperty("subaccounts").GetProperty("warning").GetBoolean());
        Assert.Equal(0, pool.GetProperty("subaccounts").GetProperty("remaining").GetInt32());

        // An operator raises the parent's capacity (Twilio's cap for it is 2): the waiting signup goes through.
        using var patch = await stack.Admin.PatchAsJsonAsync($"/v1/accounts/{stack.Emulator.ParentAccountSid}", new { storeCapacity = 2 });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var ready = await stack.WaitForStatusAsync("ceiling-2", TenantStatus.Ready);
        Assert.Equal(stack.Emulator.ParentAccountSid, ready.AccountSid);
        Assert.DoesNotContain((await stack.Emulator.GetStateAsync()).Accounts, a => a.Sid != stack.Emulator.ParentAccountSid);

        // Capacity cannot go below what the account already uses; unknown accounts are 404; admins only.
        using var below = await stack.Admin.PatchAsJsonAsync($"/v1/accounts/{stack.Emulator.ParentAccountSid}", new { storeCapacity = 1 });
        using var missing = await stack.Admin.PatchAsJsonAsync("/v1/accounts/AC99999999999999999999999999999999", new { storeCapacity = 3 });
        using var forbidden = await stack.ControlPlane.PatchAsJsonAsync($"/v1/accounts/{stack.Emulator.ParentAccountSid}", new { storeCapacity = 3 });
        Assert.Equal(HttpStatusCode.BadRequest, below.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}
