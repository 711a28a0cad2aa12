namespace Provisioning.Api.Twilio;

/// <summary>
/// A store's own control plane (contract §12.2): its trait groups and identity resolution settings. Every write answers
/// 202 and applies when its operation completes: await the returned <see cref="AcceptedOperation"/> with
/// <see cref="OperationPoller"/> and <see cref="MemoryClient.GetOperationAsync"/> before anything depends on the change
/// (a profile write into a group whose create has not completed is refused with 520047). Changes to a group or to the
/// settings carry the ETag last read in <c>If-Match</c>; a stale one fails with 412 / <see cref="StoreSchemaErrorCodes.StaleETag"/>.
/// </summary>
public sealed class StoreSchemaClient(HttpClient http) : TwilioHttpClient(http)
{
    /// <summary>The most the control-plane lists return per page (§12.2 <c>pageSize</c> 1–100).</summary>
    private const int MaxPageSize = 100;

    /// <summary>One page of the store's trait groups with their traits, oldest first; pass <see cref="TraitGroupPage.NextToken"/> for the next.</summary>
    public async Task<TraitGroupPage> ListTraitGroupsAsync(TwilioCredentials credentials, string storeId, string? pageToken, CancellationToken cancellationToken)
    {
        var path = $"{StorePath(storeId)}/TraitGroups?includeTraits=true&pageSize={MaxPageSize}&orderBy=ASC"
                   + (pageToken is null ? "" : "&pageToken=" + Uri.EscapeDataString(pageToken));
        var response = await SendAsync<TraitGroupListBody>(new HttpRequestMessage(HttpMethod.Get, path), credentials, CamelCase, cancellationToken);
        return new TraitGroupPage(response.Body.TraitGroups ?? [], response.Body.Meta?.NextToken);
    }

    /// <summary>Every trait group of the store with its traits, following page tokens until there are none.</summary>
    public async Task<IReadOnlyList<TraitGroup>> ListAllTraitGroupsAsync(TwilioCredentials credentials, string storeId, CancellationToken cancellationToken)
    {
        var groups = new List<TraitGroup>();
        var trail = new TwilioPageTrail($"trait groups of {storeId}");
        string? token = null;
        do
        {
            trail.Visit(token ?? "");
            var page = await ListTraitGroupsAsync(credentials, storeId, token, cancellationToken);
            groups.AddRange(page.Groups);
            token = page.NextToken;
        } while (!string.IsNullOrEmpty(token));
        return groups;
    }

    /// <summary>
    /// One trait group with all its traits (they page like a list, so every page is read) and its ETag. Null when the
    /// store has no such group: 520047, or a 404 with no code of its own; a store that is gone (520041) stays an error.
    /// </summary>
    public async Task<FetchedTraitGroup?> FetchTraitGroupAsync(TwilioCredentials credentials, string storeId, string displayName, CancellationToken cancellationToken)
    {
        var traits = new Dictionary<string, TraitDefinition>(StringComparer.Ordinal);
        var trail = new TwilioPageTrail($"traits of {displayName} in {storeId}");
        FetchedTraitGroup? first = null;
        string? token = null;
        try
        {
            do
            {
                trail.Visit(token ?? "");
                var path = $"{GroupPath(storeId, displayName)}?includeTraits=true&pageSize={MaxPageSize}&orderBy=ASC"
                           + (token is null ? "" : "&pageToken=" + Uri.EscapeDataString(token));
                var response = await SendAsync<TraitGroupBody>(new HttpRequestMessage(HttpMethod.Get, path), credentials, CamelCase, cancellationToken);
                var group = response.Body.TraitGroup
                            ?? throw new TwilioApiException($"GET {GroupPath(storeId, displayName)}: no traitGroup in the answer.", response.Status);
                var etag = ReadETag(response);
                // A change between two pages would mix two versions: the caller reads again, as after any lost race.
                if (first is not null && etag != first.ETag)
                    throw new TwilioApiException($"Trait group {displayName} of {storeId} changed while its traits were read ({first.ETag} → {etag}).");
                first ??= new FetchedTraitGroup(group, etag);
                foreach (var (name, definition) in group.Traits ?? new Dictionary<string, TraitDefinition>()) traits[name] = definition;
                token = response.Body.Meta?.NextToken;
            } while (!string.IsNullOrEmpty(token));
        }
        catch (TwilioApiException e) when (e.TwilioCode == StoreSchemaErrorCodes.TraitGroupMissing || (e.IsNotFound && e.TwilioCode is null or 20404))
        {
            return null;
        }

        return first with { Group = first.Group with { Traits = traits } };
    }

    /// <summary>Creates a trait group; a name the store already uses fails with <see cref="StoreSchemaErrorCodes.TraitGroupExists"/>.</summary>
    public async Task<AcceptedOperation> CreateTraitGroupAsync(TwilioCredentials credentials, string storeId, TraitGroupRequest group, CancellationToken cancellationToken)
    {
        var request = JsonRequest(HttpMethod.Post, $"{StorePath(storeId)}/TraitGroups", group);
        var response = await SendAsync<AcceptedBody>(request, credentials, CamelCase, cancellationToken);
        return ToAcceptedOperation(response, response.Body.StatusUrl);
    }

    /// <summary>Changes a trait group; <paramref name="etag"/> is the one <see cref="FetchTraitGroupAsync"/> gave.</summary>
    public async Task<AcceptedOperation> PatchTraitGroupAsync(TwilioCredentials credentials, string storeId, string displayName, TraitGroupPatch patch,
        string etag, CancellationToken cancellationToken)
    {
        var request = JsonRequest(HttpMethod.Patch, GroupPath(storeId, displayName), patch);
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        var response = await SendAsync<AcceptedBody>(request, credentials, CamelCase, cancellationToken);
        return ToAcceptedOperation(response, response.Body.StatusUrl);
    }

    /// <summary>The store's identity resolution settings and their ETag.</summary>
    public async Task<FetchedIdentityResolutionSettings> GetIdentityResolutionSettingsAsync(TwilioCredentials credentials, string storeId,
        CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{StorePath(storeId)}/IdentityResolutionSettings");
        var response = await SendAsync<IdentityResolutionSettings>(request, credentials, CamelCase, cancellationToken);
        return new FetchedIdentityResolutionSettings(response.Body, ReadETag(response));
    }

    /// <summary>Replaces the store's identity resolution settings whole; <paramref name="etag"/> is the one last read.</summary>
    public async Task<AcceptedOperation> PutIdentityResolutionSettingsAsync(TwilioCredentials credentials, string storeId,
        IdentityResolutionSettingsCore settings, string etag, CancellationToken cancellationToken)
    {
        var request = JsonRequest(HttpMethod.Put, $"{StorePath(storeId)}/IdentityResolutionSettings", settings);
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        var response = await SendAsync<AcceptedBody>(request, credentials, CamelCase, cancellationToken);
        return ToAcceptedOperation(response, response.Body.StatusUrl);
    }

    private static string StorePath(string storeId) => "v1/ControlPlane/Stores/" + Uri.EscapeDataString(storeId);

    private static string GroupPath(string storeId, string displayName) => $"{StorePath(storeId)}/TraitGroups/{Uri.EscapeDataString(displayName)}";

    // Sent back in If-Match exactly as received; an ETag the header parser does not accept is read raw.
    private static string ReadETag<T>(TwilioResponse<T> response) =>
        response.Headers.ETag?.ToString()
        ?? (response.Headers.TryGetValues("ETag", out var values) ? values.FirstOrDefault() : null)
        ?? throw new TwilioApiException("Twilio answered without the ETag a later change must send back.", response.Status);

    private sealed record AcceptedBody(string? Message, string? StatusUrl);
    private sealed record TraitGroupListBody(List<TraitGroup>? TraitGroups, PageMeta? Meta);
    private sealed record TraitGroupBody(TraitGroup? TraitGroup, PageMeta? Meta);
}
