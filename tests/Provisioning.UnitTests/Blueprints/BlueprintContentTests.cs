using Provisioning.Api.Blueprints;
using Provisioning.Api.Tenants;

namespace Provisioning.UnitTests.Blueprints;

/// <summary>A revision's content is stored normalized, so that equal content is equal text (a PUT of the same document makes no revision).</summary>
public sealed class BlueprintContentTests
{
    [Fact]
    public void Trait_order_and_channel_case_do_not_change_the_content()
    {
        var one = BlueprintContent.Of(Request(new Dictionary<string, TraitDefinition?> { ["a"] = new("STRING", null, null, null), ["b"] = new("NUMBER", null, null, null) }, "sms"));
        var other = BlueprintContent.Of(Request(new Dictionary<string, TraitDefinition?> { ["b"] = new("NUMBER", null, null, null), ["a"] = new("STRING", null, null, null) }, "SMS"));

        Assert.Equal(one.ToJson(), other.ToJson());
    }

    [Fact]
    public void Identifier_configs_are_stored_with_Twilios_defaults_and_read_back_the_same()
    {
        var content = BlueprintContent.Of(new ReviseBlueprintRequest(IdentityResolution: new IdentityResolutionSettings([new IdentifierConfig("phone", Normalization: "phone")], ["phone"])));

        var config = BlueprintContent.FromJson(content.ToJson()).IdentityResolution!.IdentifierConfigs![0]!;

        Assert.Equal(new IdentifierConfig("phone", "exact", 75, 100, "fifo", true, "phone"), config);
    }

    private static ReviseBlueprintRequest Request(Dictionary<string, TraitDefinition?> traits, string channel) => new(
        [new TraitGroup("Account", null, traits)],
        Orchestrator: new OrchestratorDefaults(StatusTimeouts: new Dictionary<string, StatusTimeoutsRequest?> { [channel] = new(5, null) }));
}
