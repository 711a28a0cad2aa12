using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.Api.Tests.Reconciliation;
using Provisioning.TwilioEmulator;

namespace Provisioning.Api.Tests.Accounts;

/// <summary>
/// Three configured parents, each allowed two subaccounts, three tenants an account: 27 slots, filled parent by
/// parent with each parent's subaccounts made under it; the 28th signup waits with the reason; and a parent that
/// still holds tenants cannot be taken out of configuration.
/// </summary>
public sealed class MultiParentTests(MultiParentTests.ThreeParentsStack stack) : IClassFixture<MultiParentTests.ThreeParentsStack>
{
    public sealed class ThreeParentsStack : ProvisioningStack
    {
        public const int SubaccountsPerParent = 2;
        public const int TenantsPerAccount = 3;

        public static readonly EmulatorParentAccount[] OtherParents =
        [
            new() { AccountSid = "AC" + new string('e', 32), AuthToken = new string('1', 32), FriendlyName = "EU parent" },
            new() { AccountSid = "AC" + new string('a', 32), AuthToken = new string('2', 32), FriendlyName = "APAC parent" },
        ];

        /// <summary>Every parent's SID, in the configured (fill) order.</summary>
        public IReadOnlyList<string> ParentSids => [Emulator.ParentAccountSid, .. OtherParents.Select(p => p.AccountSid)];

        protected override void ConfigureEmulator(EmulatorOptions emulator)
        {
            base.ConfigureEmulator(emulator);
            emulator.StoreCap = TenantsPerAccount;
            emulator.ConfigurationCap = TenantsPerAccount;
            emulator.AdditionalParents = [.. OtherParents];
        }

        protected override Dictionary<string, string?> ServiceSettings()
        {
            var settings = base.ServiceSettings();
            // The list form alone: no single-parent keys.
            settings.Remove("Twilio:AccountSid");
            settings.Remove("Twilio:AuthToken");
            var credentials = new[] { (Emulator.ParentAccountSid, Emulator.ParentAuthToken, "us") }
                .Concat(OtherParents.Select((p, i) => (p.AccountSid, p.AuthToken, i == 0 ? "eu" : "apac"))).ToList();
            foreach (var (i, (sid, token, name)) in credentials.Index())
            {
                settings[$"Twilio:Parents:{i}:AccountSid"] = sid;
                settings[$"Twilio:Parents:{i}:AuthToken"] = token;
                settings[$"Twilio:Parents:{i}:Name"] = name;
                settings[$"Twilio:Parents:{i}:MaxSubaccounts"] = SubaccountsPerParent.ToString();
            }
            settings["Twilio:StoreCapPerAccount"] = TenantsPerAccount.ToString();
            settings["Twilio:ConfigurationCapPerAccount"] = TenantsPerAccount.ToString();
            return settings;
        }
    }

    [Fact]
    public async Task Twenty_seven_slots_in_three_parents_fill_within_each_ceiling_then_the_next_signup_waits_and_no_parent_with_tenants_can_be_removed()
    {
        var clientIds = Enumerable.Range(1, 27).Select(i => $"multi-{i:D2}").ToList();
        await Task.WhenAll(clientIds.Select(async id =>
        {
            using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = id });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }));
        var tenants = await Task.WhenAll(clientIds.Select(id => stack.WaitForStatusAsync(id, TenantStatus.Ready, TimeSpan.FromSeconds(120))));

        // At Twilio: each parent owns exactly its two subaccounts, and every account holds three tenants.
        var state = await stack.Emulator.GetStateAsync();
        var ownerOf = state.Accounts.ToDictionary(a => a.Sid, a => a.OwnerAccountSid);
        foreach (var parent in stack.ParentSids)
            Assert.Equal(ThreeParentsStack.SubaccountsPerParent, state.Accounts.Count(a => a.OwnerAccountSid == parent && a.Sid != parent));
        var byAccount = tenants.GroupBy(t => t.AccountSid!).ToList();
        Assert.Equal(9, byAccount.Count);
        Assert.All(byAccount, g => Assert.Equal(ThreeParentsStack.TenantsPerAccount, g.Count()));
        Assert.All(stack.ParentSids, parent => Assert.Equal(9, tenants.Count(t => ownerOf[t.AccountSid!] == parent)));

        // GET /v1/accounts groups the accounts by parent, with each parent's own ceiling, and names every account's parent as Twilio does.
        var pool = await stack.PoolAsync();
        var parents = pool.GetProperty("parents").EnumerateArray().ToList();
        Assert.Equal(stack.ParentSids, parents.Select(p => p.GetProperty("accountSid").GetString()));
        Assert.Equal(["us", "eu", "apac"], parents.Select(p => p.GetProperty("name").GetString()));
        foreach (var parent in parents)
        {
            var ceiling = parent.GetProperty("subaccounts");
            Assert.Equal((2, 2, 0, true), (ceiling.GetProperty("count").GetInt32(), ceiling.GetProperty("ceiling").GetInt32(),
                ceiling.GetProperty("remaining").GetInt32(), ceiling.GetProperty("warning").GetBoolean()));
            var sids = parent.GetProperty("accountSids").EnumerateArray().Select(s => s.GetString()!).ToList();
            Assert.Equal(3, sids.Count);
            Assert.All(sids, sid => Assert.Equal(parent.GetProperty("accountSid").GetString(), ownerOf[sid]));
            Assert.Equal(0, parent.GetProperty("totals").GetProperty("free").GetInt32());
        }
        Assert.All(pool.GetProperty("accounts").EnumerateArray(), a => Assert.Equal(ownerOf[a.GetProperty("sid").GetString()!], a.GetProperty("parentSid").GetString()));
        Assert.Equal((6, 6), (pool.GetProperty("subaccounts").GetProperty("count").GetInt32(), pool.GetProperty("subaccounts").GetProperty("ceiling").GetInt32()));

        // Slot 28 does not exist: the signup waits Pending, saying why, and no parent got a third subaccount.
        using (var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "multi-28" }))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // Each look for capacity is a run (Provisioning while it looks): between looks it waits Pending with the reason.
        TenantView? waiting = null;
        await Eventually.HoldsAsync(async () =>
        {
            waiting = await stack.ControlPlane.GetFromJsonAsync<TenantView>("/v1/tenants/multi-28");
            return waiting!.Status == "Pending" && waiting.LastError is not null;
        }, "the 28th signup to wait for capacity");
        Assert.Equal(("Pending", null), (waiting!.Status, waiting.AccountSid));
        Assert.Contains("owns 2 of at most 2 subaccounts", waiting.LastError, StringComparison.Ordinal);
        Assert.Equal(state.Accounts.Count, (await stack.Emulator.GetStateAsync()).Accounts.Count);

        // Every parent's accounts are reconciled, each checked with its own parent's credentials (another parent's get 403
        // at Twilio, which would fail the run): nothing to find.
        var run = (await stack.Admin.RunAsync(dryRun: true)).GetProperty("run");
        Assert.Equal((9, 0), (run.GetProperty("accountsTotal").GetInt32(), run.GetProperty("findingsTotal").GetInt32()));

        // A subaccount of the last parent is rekeyed through that parent, and its tenants keep working.
        var apacSubaccount = parents[2].GetProperty("accountSids").EnumerateArray().Select(s => s.GetString()!).First(sid => sid != stack.ParentSids[2]);
        using (var rotated = await stack.Admin.PostAsJsonAsync($"/v1/accounts/{apacSubaccount}/rotate-key", new { reason = "multi-parent test" }))
            Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Equal(2, (await stack.KeysAtTwilioAsync(apacSubaccount)).Count);

                // The APAC parent holds nine tenants: a deployment that drops it from configuration does not start.
        var withoutApac = stack.Host.Settings.Where(s => !s.Key.StartsWith("Twilio:Parents:2:", StringComparison.Ordinal)).ToDictionary();
        using var host = new ProvisioningHost(withoutApac);
        var error = Assert.ThrowsAny<Exception>(() => host.Services);
        var message = error is OptionsValidationException validation ? string.Join(" | ", validation.Failures) : error.ToString();
        Assert.Contains($"Parent account {stack.ParentSids[2]} is no longer configured", message, StringComparison.Ordinal);
        Assert.Contains("9 tenants", message, StringComparison.Ordinal);
    }
}
