using System.Net;
using System.Net.Http.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.Testing.Service;
using Provisioning.TwilioEmulator;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.Api.Tests.Reliability;

/// <summary>
/// The service runs as its own process and is SIGKILLed at each step of the saga. The emulator holds the
/// service at the step (it performs the request, then never answers), the test kills the process there, and
/// a new process must finish the tenant with exactly one store and one configuration across all accounts.
/// </summary>
public sealed class CrashMatrixTests
{
    public enum CrashPoint
    {
        AfterStoreCreateSent,
        AfterStoreOperationCompletedBeforeRecorded,
        AfterConfigurationCreateSent,
        BeforeReadyCommitted,
        InSubaccountCreation,
        AfterConfigurationReplaceSent,
        AfterTraitGroupCreateSent,
    }

    [Theory]
    [InlineData(CrashPoint.AfterStoreCreateSent)]
    [InlineData(CrashPoint.AfterStoreOperationCompletedBeforeRecorded)]
    [InlineData(CrashPoint.AfterConfigurationCreateSent)]
    [InlineData(CrashPoint.BeforeReadyCommitted)]
    [InlineData(CrashPoint.InSubaccountCreation)]
    [InlineData(CrashPoint.AfterConfigurationReplaceSent)]
    [InlineData(CrashPoint.AfterTraitGroupCreateSent)]
    public async Task Killed_at_any_step_the_tenant_still_ends_Ready_with_one_store_and_one_configuration(CrashPoint crashPoint)
    {
        await using var stack = new CrashStack(crashPoint == CrashPoint.InSubaccountCreation);
        await stack.InitializeAsync();
        var clientId = $"crash-{(int)crashPoint}";

        if (crashPoint == CrashPoint.InSubaccountCreation)
        {
            // The parent (capacity 1) is filled first, so the crashing tenant needs a new subaccount.
            await using var first = await ServiceProcess.StartAsync(stack.Settings);
            await first.CreateClient(ProvisioningStack.AdminKey).PostAsJsonAsync("/v1/tenants", new { clientId = "crash-filler" });
            await WaitForReadyAsync(first, "crash-filler");
        }
        if (crashPoint == CrashPoint.AfterConfigurationReplaceSent)
        {
            // A Ready tenant whose settings change: the crash comes while its configuration is replaced.
            await using var first = await ServiceProcess.StartAsync(stack.Settings);
            await first.CreateClient(ProvisioningStack.AdminKey).PostAsJsonAsync("/v1/tenants",
                new { clientId, orchestrator = new { channels = new { SMS = new { addresses = new[] { "+15556660001" } } } } });
            await WaitForReadyAsync(first, clientId);
        }

        await stack.Emulator.AddFaultAsync(FaultFor(crashPoint));
        var victim = await ServiceProcess.StartAsync(stack.Settings);
        try
        {
            var blueprint = crashPoint == CrashPoint.AfterTraitGroupCreateSent ? await PutBlueprintAsync(victim) : null;
            using var started = crashPoint == CrashPoint.AfterConfigurationReplaceSent
                ? await victim.CreateClient(ProvisioningStack.AdminKey).PatchAsync($"/v1/tenants/{clientId}",
                    JsonContent.Create(new { orchestrator = new { channels = new { SMS = new { addresses = new[] { "+15556660002" } } } } }))
                : await victim.CreateClient(ProvisioningStack.AdminKey).PostAsJsonAsync("/v1/tenants", new { clientId, blueprint });
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            try
            {
                await WaitUntilHeldAtAsync(stack, crashPoint, clientId);
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message}\n--- the process ---\n{Tail(victim.Output)}", e);
            }
        }
        finally
        {
            await victim.KillAsync();
        }
        await stack.Emulator.ClearFaultsAsync();

        await using var survivor = await ServiceProcess.StartAsync(stack.Settings);
        var tenant = await WaitForReadyAsync(survivor, clientId, victim.Output);

        var state = await stack.Emulator.GetStateAsync();
        var store = Assert.Single(state.Stores, s => s.DisplayName == $"client-{clientId}");
        Assert.Equal(store.Id, tenant.MemoryStoreId);
        Assert.Equal(store.AccountSid, tenant.AccountSid);
        var configuration = Assert.Single(state.Configurations, c => c.MemoryStoreId == store.Id);
        Assert.Equal(configuration.Id, tenant.OrchestratorConfigurationId);
        if (crashPoint == CrashPoint.InSubaccountCreation)
            Assert.Equal(2, state.Accounts.Count); // the parent and exactly one subaccount
        if (crashPoint == CrashPoint.AfterConfigurationReplaceSent)
        {
            // The replacement the killed process sent counts once; the tenant ends with the new settings applied.
            using var client = survivor.CreateClient(ProvisioningStack.AdminKey);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while ((await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/v1/tenants/{clientId}")).GetProperty("appliedSettingsRevision").GetInt32() < 2)
            {
                Assert.True(DateTime.UtcNow < deadline, "the new settings were never applied");
                await Task.Delay(100);
            }
            var captured = SmsCaptures((await stack.Emulator.FindConfigurationAsync(configuration.Id))!.ChannelSettings);
            Assert.Contains("+15556660002", captured);
            Assert.DoesNotContain("+15556660001", captured);
        }
        if (crashPoint == CrashPoint.AfterTraitGroupCreateSent)
        {
            // The group the killed process created is extended, not created twice (520055), and the rest follows.
            using var account = await GetGroupAsync(stack, store.Id, "Account");
            Assert.Equal(HttpStatusCode.OK, account.StatusCode);
            Assert.Contains("\"tier\"", await account.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var support = await GetGroupAsync(stack, store.Id, "Support");
            Assert.Equal(HttpStatusCode.OK, support.StatusCode);
            using var client = survivor.CreateClient(ProvisioningStack.AdminKey);
            var shown = (await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/v1/tenants/{clientId}")).GetProperty("blueprint");
            Assert.Equal(1, shown.GetProperty("appliedRevision").GetInt32());
        }
    }

    private static async Task<string> PutBlueprintAsync(ServiceProcess service)
    {
        using var put = await service.CreateClient(ProvisioningStack.AdminKey).PutAsJsonAsync("/v1/blueprints/crash-model", new
        {
            traitGroups = new object[]
            {
                new { displayName = "Account", traits = new { tier = new { dataType = "STRING" } } },
                new { displayName = "Support", traits = new { caseId = new { dataType = "STRING" } } },
            },
        });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        return "crash-model";
    }

    private static async Task<bool> GroupExistsAsync(CrashStack stack, string storeId, string group)
    {
        using var response = await GetGroupAsync(stack, storeId, group);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static Task<HttpResponseMessage> GetGroupAsync(CrashStack stack, string storeId, string group) =>
        stack.Emulator.SendTwilioRequestAsync(HttpMethod.Get, $"https://memory.twilio.com/v1/ControlPlane/Stores/{storeId}/TraitGroups/{group}",
            stack.Emulator.ParentAccountSid, stack.Emulator.ParentAuthToken);

    /// <summary>The numbers the configuration's SMS capture rules name.</summary>
    private static List<string> SmsCaptures(System.Text.Json.Nodes.JsonObject? channelSettings) =>
        (channelSettings?["SMS"]?["captureRules"]?.AsArray() ?? [])
        .SelectMany(rule => new[] { rule?["from"]?.GetValue<string>(), rule?["to"]?.GetValue<string>() })
        .OfType<string>().Where(address => address != "*").ToList();

    private static ScriptedFault FaultFor(CrashPoint crashPoint) => crashPoint switch
    {
        CrashPoint.AfterStoreCreateSent => HangAfterDoing("POST", "/v1/ControlPlane/Stores"),
        CrashPoint.AfterStoreOperationCompletedBeforeRecorded => HangBeforeDoing("GET", "/v1/ControlPlane/Operations"),
        CrashPoint.AfterConfigurationCreateSent => HangAfterDoing("POST", "/v2/ControlPlane/Configurations"),
        CrashPoint.BeforeReadyCommitted => HangBeforeDoing("GET", "/v2/ControlPlane/Operations"),
        CrashPoint.InSubaccountCreation => HangAfterDoing("POST", "/2010-04-01/Accounts.json"),
        CrashPoint.AfterConfigurationReplaceSent => HangAfterDoing("PUT", "/v2/ControlPlane/Configurations"),
        // Only trait group creates are POSTs under a store's path (the store create is POST …/Stores itself).
        CrashPoint.AfterTraitGroupCreateSent => HangAfterDoing("POST", "/v1/ControlPlane/Stores/"),
        _ => throw new ArgumentOutOfRangeException(nameof(crashPoint)),
    };

    // Twilio carries the request out, then the reply never comes.
    private static ScriptedFault HangAfterDoing(string method, string path) =>
        new() { Method = method, PathPrefix = path, Kind = FaultKind.LostAcknowledgement, Hang = true, DelayMs = 120_000, Times = 1 };

    // The request (a poll) is held before it is answered.
    private static ScriptedFault HangBeforeDoing(string method, string path) =>
        new() { Method = method, PathPrefix = path, Kind = FaultKind.Delay, DelayMs = 120_000, Times = 1 };

    /// <summary>Waits until the service is stuck exactly where the crash point says, with Twilio's side done.</summary>
    private static async Task WaitUntilHeldAtAsync(CrashStack stack, CrashPoint crashPoint, string clientId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var held = (await stack.Emulator.GetFaultsAsync()).Count == 0; // the fault met its request
            var state = await stack.Emulator.GetStateAsync();
            var reached = crashPoint switch
            {
                CrashPoint.AfterStoreCreateSent => state.Stores.Any(s => s.DisplayName == $"client-{clientId}"),
                CrashPoint.AfterStoreOperationCompletedBeforeRecorded => held && state.Operations.Any(o => o.Plane == "Memory" && o.Status == "COMPLETED"),
                CrashPoint.AfterConfigurationCreateSent => state.Configurations.Any(c => c.DisplayName == $"client-{clientId}"),
                CrashPoint.BeforeReadyCommitted => held && state.Operations.Any(o => o.Plane != "Memory" && o.Status == "COMPLETED"),
                CrashPoint.InSubaccountCreation => state.Accounts.Count == 2,
                CrashPoint.AfterConfigurationReplaceSent => state.Configurations.Any(c => c.DisplayName == $"client-{clientId}"
                    && SmsCaptures(c.ChannelSettings).Contains("+15556660002")),
                CrashPoint.AfterTraitGroupCreateSent => state.Stores.SingleOrDefault(s => s.DisplayName == $"client-{clientId}") is { } store
                    && await GroupExistsAsync(stack, store.Id, "Account"),
                _ => false,
            };
            if (reached && held) return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"The service never reached {crashPoint}.");
    }

    private static async Task<TenantView> WaitForReadyAsync(ServiceProcess service, string clientId, string? previousOutput = null)
    {
        using var client = service.CreateClient(ProvisioningStack.AdminKey);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        TenantView? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await client.GetFromJsonAsync<TenantView>($"/v1/tenants/{clientId}");
            if (last?.Status == nameof(TenantStatus.Ready)) return last;
            await Task.Delay(100);
        }
        throw new TimeoutException($"--- killed process ---\n{Tail(previousOutput)}\n--- survivor ---\n{Tail(service.Output)}\n" +
                                   $"{clientId} did not become Ready; last {last}");
    }

    private static string Tail(string? output, int lines = 60) =>
        string.Join('\n', (output ?? "").Split('\n').TakeLast(lines));

    /// <summary>Emulator and database for one crash; the service processes are started by the test.</summary>
    private sealed class CrashStack(bool smallCap) : ServiceProcessStack
    {
        protected override void ConfigureEmulator(EmulatorOptions emulator)
        {
            base.ConfigureEmulator(emulator);
            if (smallCap) emulator.StoreCap = 1;
        }

        protected override Dictionary<string, string?> ServiceSettings()
        {
            var settings = base.ServiceSettings();
            settings["Twilio:RequestTimeout"] = "00:00:30"; // the kill, not a timeout, must end the held call
            settings["AccountPool:HeadroomSlots"] = "0";
            // The killed process may die inside a recurring-job trigger, leaving Hangfire's lock for it behind.
            settings["Jobs:StaleLockTimeout"] = "00:00:05";
            if (smallCap) settings["Twilio:StoreCapPerAccount"] = "1";
            return settings;
        }
    }
}
