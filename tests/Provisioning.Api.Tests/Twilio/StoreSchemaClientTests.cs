using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Api.Tests.Integration;
using Provisioning.Api.Twilio;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.Api.Tests.Twilio;

/// <summary>
/// The service's client for a store's control plane (contract §12.2), as the service registers it, against the
/// emulator: reads with ETags, writes awaited through their operations, and Twilio's codes on refusals.
/// </summary>
public sealed class StoreSchemaClientTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    private StoreSchemaClient Client => stack.Host.Services.GetRequiredService<StoreSchemaClient>();

    private TwilioCredentials Parent => new(stack.Emulator.ParentAccountSid, stack.Emulator.ParentAccountSid, stack.Emulator.ParentAuthToken);

    [Fact]
    public async Task A_new_store_lists_its_contact_group_with_promoted_identifier_traits()
    {
        var storeId = await CreateStoreAsync("schema-list");

        var groups = await Client.ListAllTraitGroupsAsync(Parent, storeId, CancellationToken.None);

        var contact = Assert.Single(groups);
        Assert.Equal("Contact", contact.DisplayName);
        Assert.Equal("email", contact.Traits!["email"].IdTypePromotion);
        Assert.Equal("phone", contact.Traits["phone"].IdTypePromotion);
    }

    [Fact]
    public async Task Listing_reads_every_group_and_a_paging_loop_in_the_answer_is_stopped()
    {
        var storeId = await CreateStoreAsync("schema-paging");
        AcceptedOperation? last = null;
        for (var i = 0; i < 49; i++)
            last = await Client.CreateTraitGroupAsync(Parent, storeId, new TraitGroupRequest($"Group{i:D2}"), CancellationToken.None);
        await WaitAsync(last!); // operations complete in the order they were accepted

        var groups = await Client.ListAllTraitGroupsAsync(Parent, storeId, CancellationToken.None);

        Assert.Equal(["Contact", .. Enumerable.Range(0, 49).Select(i => $"Group{i:D2}")], groups.Select(g => g.DisplayName));
        Assert.All(groups, g => Assert.NotNull(g.Traits));

        // An answer whose next page is the page just read would otherwise be asked for without end.
        await stack.Emulator.AddFaultAsync(new ScriptedFault
        {
            Method = "GET", PathPrefix = $"/v1/ControlPlane/Stores/{storeId}/TraitGroups", Kind = FaultKind.RepeatPage, Times = 1_000,
        });
        try
        {
            var looped = await Assert.ThrowsAsync<TwilioApiException>(() => Client.ListAllTraitGroupsAsync(Parent, storeId, CancellationToken.None));
            Assert.Contains("page already read", looped.Message);
        }
        finally
        {
            await stack.Emulator.ClearFaultsAsync();
        }
    }

    [Fact]
    public async Task A_created_group_is_fetched_with_its_traits_and_ETag_once_its_operation_completes()
    {
        var storeId = await CreateStoreAsync("schema-create");
        var request = new TraitGroupRequest("Account", "B2B account", new Dictionary<string, TraitDefinition>
        {
            ["accountNumber"] = new("STRING", IdTypePromotion: "external_id", ValidationRule: new TraitValidationRule("STRING", Pattern: "^[0-9]+$", MaxLength: 20)),
            ["tier"] = new("STRING"),
            ["seats"] = new("NUMBER", ValidationRule: new TraitValidationRule("NUMBER", Min: 1)),
        });

        var accepted = await Client.CreateTraitGroupAsync(Parent, storeId, request, CancellationToken.None);
        Assert.Null(await Client.FetchTraitGroupAsync(Parent, storeId, "Account", CancellationToken.None));
        var ended = await WaitAsync(accepted);

        Assert.Equal(OperationState.Completed, ended.State);
        var fetched = (await Client.FetchTraitGroupAsync(Parent, storeId, "Account", CancellationToken.None))!;
        Assert.Equal("\"1\"", fetched.ETag);
        Assert.Equal(("Account", "B2B account", 1), (fetched.Group.DisplayName, fetched.Group.Description, fetched.Group.Version));
        Assert.Equal(["accountNumber", "tier", "seats"], fetched.Group.Traits!.Keys);
        Assert.Equal(request.Traits!["accountNumber"], fetched.Group.Traits["accountNumber"]);
        Assert.Equal(request.Traits["seats"], fetched.Group.Traits["seats"]);
    }

    [Fact]
    public async Task A_duplicate_group_fails_with_Twilios_code_520055()
    {
        var storeId = await CreateStoreAsync("schema-duplicate");
        await WaitAsync(await Client.CreateTraitGroupAsync(Parent, storeId, new TraitGroupRequest("Support"), CancellationToken.None));

        var refused = await Assert.ThrowsAsync<TwilioApiException>(() =>
            Client.CreateTraitGroupAsync(Parent, storeId, new TraitGroupRequest("Support"), CancellationToken.None));

        Assert.Equal(StoreSchemaErrorCodes.TraitGroupExists, refused.TwilioCode);
        Assert.False(refused.IsTransient);
    }

    [Fact]
    public async Task A_patch_with_the_current_ETag_adds_and_removes_traits_and_a_stale_one_fails_with_412()
    {
        var storeId = await CreateStoreAsync("schema-patch");
        await WaitAsync(await Client.CreateTraitGroupAsync(Parent, storeId, new TraitGroupRequest("Support", Traits: new Dictionary<string, TraitDefinition>
        {
            ["disposition"] = new("STRING"),
            ["legacyCode"] = new("NUMBER"),
        }), CancellationToken.None));
        var before = (await Client.FetchTraitGroupAsync(Parent, storeId, "Support", CancellationToken.None))!;
        var patch = new TraitGroupPatch(Traits: new Dictionary<string, TraitDefinition>
        {
            ["caseId"] = new("STRING"),
            ["lastIssueType"] = new("STRING", Description: "billing, outage, ..."),
            ["legacyCode"] = TraitDefinition.Removal,
        });

        await WaitAsync(await Client.PatchTraitGroupAsync(Parent, storeId, "Support", patch, before.ETag, CancellationToken.None));
        var stale = await Assert.ThrowsAsync<TwilioApiException>(() =>
            Client.PatchTraitGroupAsync(Parent, storeId, "Support", new TraitGroupPatch("late"), before.ETag, CancellationToken.None));

        Assert.Equal((HttpStatusCode.PreconditionFailed, StoreSchemaErrorCodes.StaleETag), (stale.Status, stale.TwilioCode));
        var after = (await Client.FetchTraitGroupAsync(Parent, storeId, "Support", CancellationToken.None))!;
        Assert.Equal(["disposition", "caseId", "lastIssueType"], after.Group.Traits!.Keys);
        Assert.Equal((2, "\"2\""), (after.Group.Version, after.ETag));
    }

    [Fact]
    public async Task A_protected_contact_trait_cannot_be_changed()
    {
        var storeId = await CreateStoreAsync("schema-protected");
        var contact = (await Client.FetchTraitGroupAsync(Parent, storeId, "Contact", CancellationToken.None))!;

        var refused = await Assert.ThrowsAsync<TwilioApiException>(() => Client.PatchTraitGroupAsync(Parent, storeId, "Contact",
            new TraitGroupPatch(Traits: new Dictionary<string, TraitDefinition> { ["email"] = TraitDefinition.Removal }), contact.ETag, CancellationToken.None));

        Assert.Equal(StoreSchemaErrorCodes.Protected, refused.TwilioCode);
    }

    [Fact]
    public async Task Identity_settings_are_replaced_with_the_current_ETag_and_a_stale_one_fails_with_412()
    {
        var storeId = await CreateStoreAsync("schema-identity");
        var current = await Client.GetIdentityResolutionSettingsAsync(Parent, storeId, CancellationToken.None);
        Assert.Equal(["email", "phone"], current.Settings.MatchingRules);
        Assert.Equal("email", current.Settings.IdentifierConfigs[0].Normalization);
        var wanted = new IdentityResolutionSettingsCore(
            [.. current.Settings.IdentifierConfigs, new IdentifierConfig("external_id")],
            ["external_id", .. current.Settings.MatchingRules]);

        await WaitAsync(await Client.PutIdentityResolutionSettingsAsync(Parent, storeId, wanted, current.ETag, CancellationToken.None));
        var stale = await Assert.ThrowsAsync<TwilioApiException>(() =>
            Client.PutIdentityResolutionSettingsAsync(Parent, storeId, wanted, current.ETag, CancellationToken.None));

        Assert.Equal((HttpStatusCode.PreconditionFailed, StoreSchemaErrorCodes.StaleETag), (stale.Status, stale.TwilioCode));
        var after = await Client.GetIdentityResolutionSettingsAsync(Parent, storeId, CancellationToken.None);
        Assert.Equal(["external_id", "email", "phone"], after.Settings.MatchingRules);
        Assert.Equal(new IdentifierConfig("external_id", "exact", 75, 100, "fifo", true, "trim"), after.Settings.IdentifierConfigs[2]);
        Assert.Equal((2, "\"2\""), (after.Settings.Version, after.ETag));
    }

    [Fact]
    public async Task A_group_of_an_unknown_store_is_an_error_not_a_missing_group()
    {
        var storeId = await CreateStoreAsync("schema-gone");
        await stack.Emulator.DeleteStoreOutOfBandAsync(storeId);

        var group = await Assert.ThrowsAsync<TwilioApiException>(() => Client.FetchTraitGroupAsync(Parent, storeId, "Contact", CancellationToken.None));
        var settings = await Assert.ThrowsAsync<TwilioApiException>(() => Client.GetIdentityResolutionSettingsAsync(Parent, storeId, CancellationToken.None));

        Assert.Equal(StoreSchemaErrorCodes.StoreMissing, group.TwilioCode);
        Assert.Equal(StoreSchemaErrorCodes.StoreMissing, settings.TwilioCode);
    }

    private async Task<string> CreateStoreAsync(string displayName) =>
        (await stack.Emulator.CreateStoreOutOfBandAsync(stack.Emulator.ParentAccountSid, displayName)).Id;

    private Task<OperationStatus> WaitAsync(AcceptedOperation accepted)
    {
        var memory = stack.Host.Services.GetRequiredService<MemoryClient>();
        return stack.Host.Services.GetRequiredService<OperationPoller>()
            .WaitForEndAsync(accepted, (id, ct) => memory.GetOperationAsync(Parent, id, ct), CancellationToken.None);
    }
}
