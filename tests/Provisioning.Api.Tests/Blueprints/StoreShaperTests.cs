using Microsoft.Extensions.DependencyInjection;
using Provisioning.Api.Blueprints;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.Api.Twilio;
using Provisioning.TwilioEmulator.Faults;
using BlueprintGroup = Provisioning.Api.Blueprints.TraitGroup;
using BlueprintTrait = Provisioning.Api.Blueprints.TraitDefinition;

namespace Provisioning.Api.Tests.Blueprints;

/// <summary>
/// Applying a blueprint to a store that already has some of it, against the emulator: only what is missing is added,
/// nothing the store has is changed, a second application sends no write, and a store that cannot take the blueprint
/// within Twilio's limits fails it for good.
/// </summary>
[Collection(ProvisioningStackCollection.Name)]
public sealed class StoreShaperTests(ProvisioningStack stack)
{
    private TwilioCredentials Parent => new(stack.Emulator.ParentAccountSid, stack.Emulator.ParentAccountSid, stack.Emulator.ParentAuthToken);

    private static readonly BlueprintContent Model = new(
        [
            Group("Account", "tier", "region"),
            Group("Support", "disposition", "caseId"),
        ],
        IdentityResolution: null, DataMappings: [], new OrchestratorDefaults());

    [Fact]
    public async Task Adds_only_what_the_store_lacks_keeps_what_it_has_and_a_second_application_writes_nothing()
    {
        var storeId = (await stack.Emulator.CreateStoreOutOfBandAsync(stack.Emulator.ParentAccountSid, "shaper-partial")).Id;
        // The store already has Account, with tier as a NUMBER (another definition than the blueprint's) and a trait of its own.
        await WaitAsync(await Schema.CreateTraitGroupAsync(Parent, storeId, new TraitGroupRequest("Account", Traits: new Dictionary<string, Api.Twilio.TraitDefinition>
        {
            ["tier"] = new("NUMBER"), ["legacyCode"] = new("STRING"),
        }), CancellationToken.None));

        await Shaper.ApplyAsync(Parent, storeId, "partial", Model, CancellationToken.None);

        var groups = await Schema.ListAllTraitGroupsAsync(Parent, storeId, CancellationToken.None);
        Assert.Equal(["Contact", "Account", "Support"], groups.Select(g => g.DisplayName));
        Assert.Equal("NUMBER", groups[1].Traits!["tier"].DataType);
        Assert.Equal(["legacyCode", "region", "tier"], groups[1].Traits!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["caseId", "disposition"], groups[2].Traits!.Keys.Order(StringComparer.Ordinal));

        var since = await stack.Emulator.GetLastRequestSequenceAsync();
        await Shaper.ApplyAsync(Parent, storeId, "partial", Model, CancellationToken.None);
        var again = await stack.Emulator.GetRequestsUnderAsync($"/v1/ControlPlane/Stores/{storeId}/", since);
        Assert.NotEmpty(again); // read again every time
        Assert.All(again, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task A_group_changed_between_read_and_write_is_a_retry_that_reads_it_again_not_a_failure()
    {
        var storeId = (await stack.Emulator.CreateStoreOutOfBandAsync(stack.Emulator.ParentAccountSid, "shaper-stale")).Id;
        await WaitAsync(await Schema.CreateTraitGroupAsync(Parent, storeId, new TraitGroupRequest("Account"), CancellationToken.None));
        await stack.Emulator.AddFaultAsync(new ScriptedFault
        {
            Method = "PATCH", PathPrefix = $"/v1/ControlPlane/Stores/{storeId}/TraitGroups/Account", Status = 412, Code = StoreSchemaErrorCodes.StaleETag,
        });
        try
        {
            var stale = await Assert.ThrowsAsync<ProvisioningStepException>(() => Shaper.ApplyAsync(Parent, storeId, "stale", Model, CancellationToken.None));
            Assert.True(stale.Transient);
        }
        finally
        {
            await stack.Emulator.ClearFaultsAsync();
        }

        await Shaper.ApplyAsync(Parent, storeId, "stale", Model, CancellationToken.None);

        var account = await Schema.FetchTraitGroupAsync(Parent, storeId, "Account", CancellationToken.None);
        Assert.Equal(["region", "tier"], account!.Group.Traits!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_blueprint_past_the_stores_group_limit_fails_for_good_naming_the_limit()
    {
        var storeId = (await stack.Emulator.CreateStoreOutOfBandAsync(stack.Emulator.ParentAccountSid, "shaper-full")).Id;
        AcceptedOperation? last = null;
        for (var i = 0; i < 49; i++) // with Contact: the 50 groups Twilio allows
            last = await Schema.CreateTraitGroupAsync(Parent, storeId, new TraitGroupRequest($"Group{i:D2}"), CancellationToken.None);
        await WaitAsync(last!);

        var refused = await Assert.ThrowsAsync<ProvisioningStepException>(() => Shaper.ApplyAsync(Parent, storeId, "too-big", Model, CancellationToken.None));

        Assert.False(refused.Transient);
        Assert.Contains("'too-big'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("50 trait groups", refused.Message, StringComparison.Ordinal);
    }

    private StoreSchemaClient Schema => stack.Host.Services.GetRequiredService<StoreSchemaClient>();

    private StoreShaper Shaper => stack.Host.Services.CreateScope().ServiceProvider.GetRequiredService<StoreShaper>();

    private static BlueprintGroup Group(string name, params string[] traits) =>
        new(name, null, traits.ToDictionary(t => t, _ => (BlueprintTrait?)new BlueprintTrait("STRING", null, null, null), StringComparer.Ordinal));

    private Task<OperationStatus> WaitAsync(AcceptedOperation accepted)
    {
        var memory = stack.Host.Services.GetRequiredService<MemoryClient>();
        return stack.Host.Services.GetRequiredService<OperationPoller>()
            .WaitForEndAsync(accepted, (id, ct) => memory.GetOperationAsync(Parent, id, ct), CancellationToken.None);
    }
}
