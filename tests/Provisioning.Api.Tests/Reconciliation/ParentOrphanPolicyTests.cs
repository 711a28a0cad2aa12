using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Reconciliation;

/// <summary>
/// Two deployments may share a parent account (staging and production), each owning <c>client-*</c> stores there.
/// Orphan deletes (and adoptions) act only in subaccounts this deployment created, unless the operator sets a
/// parent policy of their own.
/// </summary>
public sealed class ParentOrphanPolicyTests(ParentOrphanPolicyTests.OrphanDeletingStack stack) : IClassFixture<ParentOrphanPolicyTests.OrphanDeletingStack>
{
    public sealed class OrphanDeletingStack() : ProvisioningStack(("Reconciliation:Policies:OrphanStore", "Delete"));

    [Fact]
    public async Task Orphans_are_deleted_in_our_subaccounts_and_only_reported_in_the_parent()
    {
        var parent = stack.Emulator.ParentAccountSid;
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "in-parent" });
        Assert.Equal(parent, (await stack.WaitForStatusAsync("in-parent", TenantStatus.Ready)).AccountSid);
        using (var closeParent = await stack.Admin.PatchAsJsonAsync($"/v1/accounts/{parent}", new { acceptsTenants = false }))
            Assert.Equal(HttpStatusCode.OK, closeParent.StatusCode);
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "in-sub" });
        var tenant = await stack.WaitForStatusAsync("in-sub", TenantStatus.Ready);
        Assert.NotEqual(parent, tenant.AccountSid);

        var otherDeployments = await stack.Emulator.CreateStoreOutOfBandAsync(parent, "client-staging-tenant");
        var ours = await stack.Emulator.CreateStoreOutOfBandAsync(tenant.AccountSid!, "client-left-behind");
        await Task.Delay(600); // let Twilio's reads catch up with the creates

        var run = await stack.Admin.RunAsync(dryRun: false);

        Assert.Equal("deleted", run.Finding("OrphanStore", ours.Id).GetProperty("action").GetString());
        Assert.DoesNotContain("deleted", run.Finding("OrphanStore", otherDeployments.Id).GetProperty("action").GetString(), StringComparison.Ordinal);
        var stores = (await stack.Emulator.GetStateAsync()).Stores;
        Assert.Contains(stores, s => s.Id == otherDeployments.Id);
        Assert.DoesNotContain(stores, s => s.Id == ours.Id && !s.Deleting);
        var pool = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/accounts");
        Assert.True(pool.GetProperty("accounts").EnumerateArray().Count() >= 2);
    }
}
