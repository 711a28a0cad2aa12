using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.Api.Tests.Accounts;

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
