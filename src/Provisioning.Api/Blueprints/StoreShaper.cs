using Provisioning.Api.Tenants;
using Provisioning.Api.Twilio;

namespace Provisioning.Api.Blueprints;

/// <summary>
/// Gives a store what a blueprint revision asks for and the store lacks (contract §12 P7, P8, P10), reading the store
/// first every time, so that applying twice, or again after a run died halfway, converges on the same store:
/// <list type="bullet">
/// <item>a trait group the store lacks is created (POST), with all the blueprint's traits;</item>
/// <item>a group the store has gets the traits it lacks (PATCH with the group's ETag). A trait the store already has
/// is left as it is, even when its definition differs from the blueprint's: the store's may be protected (the
/// out-of-the-box group's identifier traits, 520050) or relied on by data already written, and Twilio replaces a
/// definition whole. Nothing is ever removed;</item>
/// <item>identity resolution: when the store lacks one of the blueprint's identifier types, the settings are replaced
/// (PUT with their ETag) by the fetched configs, untouched, plus the missing ones; the matching rules become the
/// blueprint's order followed by the store's rules the blueprint does not name. Nothing is sent when no type is
/// missing, so an order changed at the store by hand stays.</item>
/// </list>
/// Every write's operation is awaited before the next, so a later write (a trait promoted to an identifier type, a
/// configuration extracting into the groups) finds it applied. A blueprint past Twilio's limits on the store (520053,
/// 520054: groups the service did not create count too) cannot succeed by retrying and fails with that reason.
/// </summary>
public sealed class StoreShaper(StoreSchemaClient schema, MemoryClient memory, OperationPoller poller)
{
    public async Task ApplyAsync(TwilioCredentials credentials, string storeId, string blueprint, BlueprintContent content, CancellationToken cancellationToken)
    {
        var present = (await schema.ListAllTraitGroupsAsync(credentials, storeId, cancellationToken))
            .ToDictionary(g => g.DisplayName, StringComparer.Ordinal);
        foreach (var group in content.TraitGroups)
        {
            if (present.TryGetValue(group.DisplayName!, out var existing) && existing.Traits is { } traits)
                await AddMissingTraitsAsync(credentials, storeId, blueprint, group, traits.Keys, cancellationToken);
            else
                await CreateGroupAsync(credentials, storeId, blueprint, group, cancellationToken);
        }
        if (content.IdentityResolution is { } identity)
            await AddMissingIdentifierTypesAsync(credentials, storeId, blueprint, identity, cancellationToken);
    }

    private async Task CreateGroupAsync(TwilioCredentials credentials, string storeId, string blueprint, TraitGroup group, CancellationToken cancellationToken)
    {
        AcceptedOperation accepted;
        try
        {
            accepted = await schema.CreateTraitGroupAsync(credentials, storeId, BlueprintTwilioShapes.ToRequest(group), cancellationToken);
        }
        catch (TwilioApiException e) when (e.TwilioCode == StoreSchemaErrorCodes.TraitGroupExists)
        {
            // Made since the list was read (or the list lagged): it is extended like any group the store has.
            var fetched = await schema.FetchTraitGroupAsync(credentials, storeId, group.DisplayName!, cancellationToken)
                          ?? throw new ProvisioningStepException($"Trait group '{group.DisplayName}' of {storeId} exists (520055) and cannot be read.", transient: true);
            await AddMissingTraitsAsync(credentials, storeId, blueprint, group, (fetched.Group.Traits ?? new Dictionary<string, Twilio.TraitDefinition>()).Keys, cancellationToken);
            return;
        }
        catch (TwilioApiException e) when (IsLimit(e.TwilioCode))
        {
            throw PastLimits(blueprint, storeId, e.Message);
        }
        await AwaitAsync(credentials, accepted, blueprint, storeId, $"creating trait group '{group.DisplayName}'", cancellationToken);
    }

    private async Task AddMissingTraitsAsync(TwilioCredentials credentials, string storeId, string blueprint, TraitGroup group,
        IEnumerable<string> present, CancellationToken cancellationToken)
    {
        var have = present.ToHashSet(StringComparer.Ordinal);
        var wanted = group.Traits ?? new Dictionary<string, TraitDefinition?>();
        if (wanted.Keys.All(have.Contains)) return;

        // The list's view may be stale: the group is fetched for its ETag and read again before the change.
        var fetched = await schema.FetchTraitGroupAsync(credentials, storeId, group.DisplayName!, cancellationToken)
                      ?? throw new ProvisioningStepException($"Trait group '{group.DisplayName}' of {storeId} vanished while the blueprint was applied.", transient: true);
        var current = fetched.Group.Traits ?? new Dictionary<string, Twilio.TraitDefinition>();
        var missing = wanted.Where(t => !current.ContainsKey(t.Key)).ToDictionary(t => t.Key, t => BlueprintTwilioShapes.ToTrait(t.Value!), StringComparer.Ordinal);
        if (missing.Count == 0) return;

        AcceptedOperation accepted;
        try
        {
            accepted = await schema.PatchTraitGroupAsync(credentials, storeId, group.DisplayName!, new TraitGroupPatch(Traits: missing), fetched.ETag, cancellationToken);
        }
        catch (TwilioApiException e) when (IsStale(e))
        {
            throw ChangedMeanwhile(blueprint, storeId, $"trait group '{group.DisplayName}'");
        }
        catch (TwilioApiException e) when (IsLimit(e.TwilioCode))
        {
            throw PastLimits(blueprint, storeId, e.Message);
        }
        await AwaitAsync(credentials, accepted, blueprint, storeId, $"adding {missing.Count} trait(s) to group '{group.DisplayName}'", cancellationToken);
    }

    private async Task AddMissingIdentifierTypesAsync(TwilioCredentials credentials, string storeId, string blueprint, IdentityResolutionSettings identity,
        CancellationToken cancellationToken)
    {
        var fetched = await schema.GetIdentityResolutionSettingsAsync(credentials, storeId, cancellationToken);
        var configs = fetched.Settings.IdentifierConfigs;
        var have = configs.Select(c => c.IdType).ToHashSet(StringComparer.Ordinal);
        var missing = (identity.IdentifierConfigs ?? []).Where(c => !have.Contains(c!.IdType!)).Select(c => BlueprintTwilioShapes.ToIdentifierConfig(c!)).ToList();
        if (missing.Count == 0) return;

        var blueprintOrder = (identity.MatchingRules ?? []).Select(r => r!).ToList();
        var rules = blueprintOrder.Concat(fetched.Settings.MatchingRules.Where(r => !blueprintOrder.Contains(r, StringComparer.Ordinal))).ToList();
        var settings = new IdentityResolutionSettingsCore([.. configs, .. missing], rules);
        AcceptedOperation accepted;
        try
        {
            accepted = await schema.PutIdentityResolutionSettingsAsync(credentials, storeId, settings, fetched.ETag, cancellationToken);
        }
        catch (TwilioApiException e) when (IsStale(e))
        {
            throw ChangedMeanwhile(blueprint, storeId, "identity resolution settings");
        }
        await AwaitAsync(credentials, accepted, blueprint, storeId, $"adding identifier type(s) {string.Join(", ", missing.Select(c => c.IdType))}", cancellationToken);
    }

    private async Task AwaitAsync(TwilioCredentials credentials, AcceptedOperation accepted, string blueprint, string storeId, string what, CancellationToken cancellationToken)
    {
        var operation = await poller.WaitForEndAsync(accepted, (id, ct) => memory.GetOperationAsync(credentials, id, ct), cancellationToken);
        if (operation.State == OperationState.Completed) return;
        if (IsLimit(operation.ErrorCode)) throw PastLimits(blueprint, storeId, operation.Error ?? $"error {operation.ErrorCode}");
        // The next attempt reads the store again and does what is still missing.
        throw new ProvisioningStepException($"Applying blueprint '{blueprint}' to {storeId}: {what} ended {operation.State}: {operation.Error ?? "no error given"}", transient: true);
    }

    private static bool IsStale(TwilioApiException e) =>
        e.TwilioCode == StoreSchemaErrorCodes.StaleETag || e.Status == System.Net.HttpStatusCode.PreconditionFailed;

    // Someone changed it between our read and our write: the next attempt reads it again and adds what is still missing.
    private static ProvisioningStepException ChangedMeanwhile(string blueprint, string storeId, string what) =>
        new($"Applying blueprint '{blueprint}' to {storeId}: the {what} changed while it was applied (412); it is read again on the next attempt.", transient: true);

    private static bool IsLimit(int? code) => code is StoreSchemaErrorCodes.TraitGroupLimitExceeded or StoreSchemaErrorCodes.TraitLimitExceeded;

    private static ProvisioningStepException PastLimits(string blueprint, string storeId, string twilioSays) =>
        new($"Blueprint '{blueprint}' does not fit store {storeId} within Twilio's limits (50 trait groups, 95 traits per group, counting what the store already has): {twilioSays}", transient: false);
}
