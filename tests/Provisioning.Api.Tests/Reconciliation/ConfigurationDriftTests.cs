using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator.Admin;

namespace Provisioning.Api.Tests.Reconciliation;

/// <summary>Someone changes a tenant's capture rules at Twilio: reconciliation finds it and puts the tenant's settings back by PUT.</summary>
public sealed class ConfigurationDriftTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    [Fact]
    public async Task Changed_capture_rules_are_found_as_drift_and_repaired_keeping_what_is_not_ours()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants",
            new { clientId = "drifted", orchestrator = new { channels = new Dictionary<string, object> { ["SMS"] = new { addresses = new[] { "+15558880001" } } } } });
        var ready = await stack.WaitForStatusAsync("drifted", TenantStatus.Ready);
        await Task.Delay(600); // let Twilio's reads catch up with the creates

        // Someone points the tenant's SMS capture elsewhere and adds a channel of their own.
        await stack.Emulator.ChangeConfigurationOutOfBandAsync(ready.OrchestratorConfigurationId!, new OutOfBandConfigurationChange(
            ChannelSettings: new JsonObject
            {
                ["SMS"] = new JsonObject { ["captureRules"] = new JsonArray(new JsonObject { ["from"] = "*", ["to"] = "+15559999999" }) },
                ["CHAT"] = new JsonObject { ["captureRules"] = new JsonArray(new JsonObject { ["from"] = "web", ["to"] = "*" }) },
            },
            IntelligenceConfigurationIds: ["intelligence-9"]));

        var run = await stack.Admin.RunAsync(dryRun: false);

        var finding = Assert.Single(run.GetProperty("findings").EnumerateArray());
        Assert.Equal(("ConfigurationDrift", "drifted"), (finding.GetProperty("kind").GetString(), finding.GetProperty("clientId").GetString()));

        // The repair puts the tenant's rules back and keeps the channel and the intelligence configuration others made.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        ConfigurationSnapshot configuration;
        do
        {
            Assert.True(DateTime.UtcNow < deadline, "the drift was not repaired");
            await Task.Delay(100);
            configuration = (await stack.Emulator.FindConfigurationAsync(ready.OrchestratorConfigurationId!))!;
        } while (configuration.ChannelSettings?["SMS"]?["captureRules"]?.AsArray().Count != 2);
        Assert.Contains(configuration.ChannelSettings!["SMS"]!["captureRules"]!.AsArray(), r => r!["from"]!.GetValue<string>() == "+15558880001");
        Assert.NotNull(configuration.ChannelSettings["CHAT"]);
        Assert.Equal(["intelligence-9"], configuration.IntelligenceConfigurationIds!);
    }
}
