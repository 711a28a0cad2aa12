using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Api.Data;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator.Admin;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.Api.Tests.Accounts;

/// <summary>
/// Dedicated tenants each get a subaccount of their own (<c>provisioning-tenant-&lt;clientId&gt;</c>) that no pooled tenant
/// enters, closed when they are offboarded; pooled tenants share the other accounts as before. Two tenants per account,
/// so that a dedicated account has a slot free that pooled signups could be tempted by.
/// </summary>
public sealed class IsolationTierTests(IsolationTierTests.TwoPerAccountStack stack) : IClassFixture<IsolationTierTests.TwoPerAccountStack>
{
    public sealed class TwoPerAccountStack() : ProvisioningStack(("Twilio:StoreCapPerAccount", "2"), ("AccountPool:HeadroomSlots", "0"));

    [Fact]
    public async Task A_dedicated_tenant_is_alone_in_its_own_subaccount_while_pooled_tenants_sign_up_around_it()
    {
        var first = await stack.SignUpReadyAsync("iso-pooled-1");
        var dedicated = await stack.SignUpReadyAsync("iso-alone", "dedicated");
        // Pooled signups together, with the dedicated account's free slot there for the taking: none takes it.
        var pooled = await Task.WhenAll(Enumerable.Range(2, 4).Select(i => stack.SignUpReadyAsync($"iso-pooled-{i}")));

        Assert.Equal(stack.Emulator.ParentAccountSid, first.AccountSid);
        Assert.NotEqual(stack.Emulator.ParentAccountSid, dedicated.AccountSid);
        Assert.DoesNotContain(pooled.Append(first), t => t.AccountSid == dedicated.AccountSid);
        var state = await stack.Emulator.GetStateAsync();
        Assert.Equal("provisioning-tenant-iso-alone", state.Accounts.Single(a => a.Sid == dedicated.AccountSid).FriendlyName);
        Assert.Equal(dedicated.MemoryStoreId, Assert.Single(state.Stores, s => s.AccountSid == dedicated.AccountSid).Id);
        Assert.Equal(dedicated.AccountSid, Assert.Single(state.Configurations, c => c.MemoryStoreId == dedicated.MemoryStoreId).AccountSid);
        // Shared subaccounts are numbered among themselves: the dedicated one made before them takes no number.
        Assert.Contains(state.Accounts, a => a.FriendlyName == "provisioning-pool-0001");
        Assert.Equal("dedicated", await IsolationOfAsync("iso-alone"));
        Assert.Equal("pooled", await IsolationOfAsync("iso-pooled-1"));

        var pool = await stack.PoolAsync();
        var account = pool.Account(dedicated.AccountSid!);
        Assert.True(account.GetProperty("dedicated").GetBoolean());
        Assert.Equal("iso-alone", account.GetProperty("clientId").GetString());
        Assert.Equal(1, account.GetProperty("free").GetInt32());
        // The dedicated accounts' free slots are their tenants': not in the pool's free slots, nor in its capacity.
        var open = pool.GetProperty("accounts").EnumerateArray().Where(a => a.GetProperty("status").GetString() == "Active").ToList();
        var shared = open.Where(a => !a.GetProperty("dedicated").GetBoolean()).ToList();
        var dedicatedAccounts = open.Where(a => a.GetProperty("dedicated").GetBoolean()).ToList();
        Assert.All(shared, a => Assert.Equal(JsonValueKind.Null, a.GetProperty("clientId").ValueKind));
        var totals = pool.GetProperty("totals");
        Assert.Equal(dedicatedAccounts.Count, totals.GetProperty("dedicatedAccounts").GetInt32());
        Assert.Equal(shared.Sum(a => a.GetProperty("free").GetInt32()), totals.GetProperty("free").GetInt32());
        Assert.Equal(shared.Sum(a => a.GetProperty("capacity").GetInt32()) + dedicatedAccounts.Sum(a => a.GetProperty("used").GetProperty("total").GetInt32()),
            totals.GetProperty("capacity").GetInt32());
    }

    [Fact]
    public async Task A_lost_reply_to_the_dedicated_subaccount_create_still_yields_exactly_one_subaccount()
    {
        // The subaccount is created at Twilio, but the reply is lost: the next attempt finds it by its name.
        await stack.Emulator.AddFaultAsync(new ScriptedFault
        {
            Method = "POST", PathPrefix = "/2010-04-01/Accounts.json", Kind = FaultKind.LostAcknowledgement, Status = 500, Times = 1,
        });
        var since = await stack.Emulator.GetLastRequestSequenceAsync();

        var tenant = await stack.SignUpReadyAsync("iso-lost", "dedicated");

        var state = await stack.Emulator.GetStateAsync();
        var account = Assert.Single(state.Accounts, a => a.FriendlyName == "provisioning-tenant-iso-lost");
        Assert.Equal(account.Sid, tenant.AccountSid);
        Assert.Single((await stack.Emulator.GetRequestsAsync(since)), r => r.Method == "POST" && r.Path == "/2010-04-01/Accounts.json");
        Assert.True((await stack.PoolAsync()).Account(account.Sid).GetProperty("dedicated").GetBoolean());
    }

    [Fact]
    public async Task Offboarding_closes_the_dedicated_subaccount_and_a_new_signup_of_the_client_gets_a_new_one()
    {
        var before = await stack.SignUpReadyAsync("iso-gone", "dedicated");
        var countBefore = (await stack.PoolAsync()).GetProperty("subaccounts").GetProperty("count").GetInt32();

        await stack.OffboardAsync("iso-gone");

        Assert.Equal("closed", (await stack.AccountAtTwilioAsync(before.AccountSid!)).Status);
        Assert.DoesNotContain((await stack.Emulator.GetStateAsync()).Stores, s => s.AccountSid == before.AccountSid);
        var pool = await stack.PoolAsync();
        Assert.Equal("Closed", pool.Account(before.AccountSid!).GetProperty("status").GetString());
        Assert.Equal(countBefore - 1, pool.GetProperty("subaccounts").GetProperty("count").GetInt32());

        // The closed subaccount keeps its name at Twilio (for 30 days): the clientId signing up again gets a new one.
        var again = await stack.SignUpReadyAsync("iso-gone", "dedicated");
        Assert.NotEqual(before.AccountSid, again.AccountSid);
        var named = (await stack.Emulator.GetStateAsync()).Accounts.Where(a => a.FriendlyName == "provisioning-tenant-iso-gone").ToList();
        Assert.Equal(["active", "closed"], named.Select(a => a.Status).Order());
    }

    [Fact]
    public async Task A_close_Twilio_refuses_keeps_the_tenant_Deprovisioning_with_the_reason_and_offboarding_retries()
    {
        var tenant = await OffboardUntilTheCloseIsRefusedAsync("iso-refused");

        Assert.Equal("Deprovisioning", (await stack.ControlPlane.GetFromJsonAsync<TenantView>("/v1/tenants/iso-refused"))!.Status);
        Assert.Equal("active", (await stack.AccountAtTwilioAsync(tenant.AccountSid!)).Status);
        Assert.Equal("Active", (await stack.PoolAsync()).Account(tenant.AccountSid!).GetProperty("status").GetString());

        // Twilio takes the close again: offboarding (retried now, as an admin would) finishes.
        await stack.Emulator.ClearFaultsAsync();
        await stack.OffboardAsync("iso-refused");
        Assert.Equal("closed", (await stack.AccountAtTwilioAsync(tenant.AccountSid!)).Status);
        Assert.Equal("Closed", (await stack.PoolAsync()).Account(tenant.AccountSid!).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_run_that_died_after_the_close_is_finished_by_the_next_without_the_closed_accounts_key()
    {
        var tenant = await OffboardUntilTheCloseIsRefusedAsync("iso-crashed");
        // What a run leaves that closed the subaccount and died before the tenant was Deleted: closed at Twilio, and
        // recorded Closed (its key forgotten).
        await stack.Emulator.ClearFaultsAsync();
        await stack.Emulator.ChangeAccountOutOfBandAsync(tenant.AccountSid!, new OutOfBandAccountChange(Status: "closed"));
        await using (var scope = stack.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>();
            var account = await db.PoolAccounts.SingleAsync(a => a.Sid == tenant.AccountSid);
            account.MarkClosed(DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        await stack.OffboardAsync("iso-crashed");

        Assert.Equal("Closed", (await stack.PoolAsync()).Account(tenant.AccountSid!).GetProperty("status").GetString());
    }

    /// <summary>Signs a dedicated tenant up and offboards it with Twilio refusing its subaccount's close, until the tenant says so.</summary>
    private async Task<TenantView> OffboardUntilTheCloseIsRefusedAsync(string clientId)
    {
        var tenant = await stack.SignUpReadyAsync(clientId, "dedicated");
        await stack.Emulator.AddFaultAsync(new ScriptedFault
        {
            Method = "POST", PathPrefix = $"/2010-04-01/Accounts/{tenant.AccountSid}.json", Kind = FaultKind.Status, Status = 403, Times = 1000,
        });
        using var delete = await stack.Admin.DeleteAsync($"/v1/tenants/{clientId}?immediate=true&reason=test");
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        await Eventually.HoldsAsync(async () => (await stack.ControlPlane.GetFromJsonAsync<TenantView>($"/v1/tenants/{clientId}"))!.LastError?
            .Contains($"refused to close the tenant's dedicated subaccount {tenant.AccountSid}", StringComparison.Ordinal) == true, "the refusal to be reported");
        return tenant;
    }

    [Fact]
    public async Task Isolation_cannot_change_by_patch_nor_by_signing_up_again_with_the_other_tier()
    {
        await stack.SignUpReadyAsync("iso-fixed", "dedicated");

        using var patch = await PatchAsync("iso-fixed", """{"isolation":"pooled"}""");
        using var same = await PatchAsync("iso-fixed", """{"isolation":"dedicated"}""");
        using var removed = await PatchAsync("iso-fixed", """{"isolation":null}""");
        using var pooledAgain = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "iso-fixed", isolation = "pooled" });
        using var defaultAgain = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "iso-fixed" });
        using var dedicatedAgain = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "iso-fixed", isolation = "dedicated" });
        using var unknown = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "iso-unknown", isolation = "private" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, patch.StatusCode);
        var problem = await patch.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("isolation", problem.GetProperty("errors").GetProperty("isolation")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode); // null removes nothing: the tier stays
        Assert.Equal(HttpStatusCode.Conflict, pooledAgain.StatusCode);
        Assert.Contains("isolation dedicated, not pooled", (await pooledAgain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, defaultAgain.StatusCode); // the default is pooled
        Assert.Equal(HttpStatusCode.Accepted, dedicatedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("dedicated", await IsolationOfAsync("iso-fixed"));
    }

    private async Task<string?> IsolationOfAsync(string clientId) =>
        (await stack.ControlPlane.GetFromJsonAsync<JsonElement>($"/v1/tenants/{clientId}")).GetProperty("isolation").GetString();

    private Task<HttpResponseMessage> PatchAsync(string clientId, string json) =>
        stack.ControlPlane.PatchAsync($"/v1/tenants/{clientId}", new StringContent(json, Encoding.UTF8, "application/merge-patch+json"));
}
