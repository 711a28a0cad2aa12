using System.Text.Json.Nodes;
using Provisioning.TwilioEmulator.Schema;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// Profiles of the Memory data plane (contract §11): create, list, fetch, patch, delete, lookup, traits and bulk
/// upsert. Profile writes are answered 202 but applied at once; only memories wait out a consistency window.
/// </summary>
public static class ProfileEndpoints
{
    private const int MaxBulkProfiles = 1000;
    private const int MaxLookupMatches = 100;

    private static readonly TokenListRules ProfileListRules = DataPlane.ListRules("profiles", maxItemsPerPage: 1000);
    private static readonly TokenListRules TraitListRules = DataPlane.ListRules("traits", maxItemsPerPage: 100);

    public static void MapProfileEndpoints(this IEndpointRouteBuilder routes)
    {
        var profiles = routes.MapGroup(DataPlane.ProfilesPath);
        profiles.MapPost("", CreateProfile);
        profiles.MapGet("", ListProfiles);
        profiles.MapPost("/Lookup", LookupProfiles);
        profiles.MapPut("/Bulk", UpsertProfiles);
        profiles.MapGet("/{profileId}", FetchProfile);
        profiles.MapPatch("/{profileId}", PatchProfile);
        profiles.MapDelete("/{profileId}", DeleteProfile);
        profiles.MapGet("/{profileId}/Traits", ListTraits);
    }

    // CreateProfile: identity is resolved synchronously, so the 202 names the profile the traits went to, new or existing.
    private static Task<IResult> CreateProfile(HttpContext context, EmulatorState state, string storeId) =>
        DataPlane.WithBodyAsync(context, state, storeId, ReadProfileData, traits =>
        {
            var undefined = SchemaEnforcement.Check(state.SchemaOf(storeId), traits);
            if (undefined is not null) return undefined;
            var writer = new ProfileWriter(state, storeId);
            var refusal = writer.Check(traits);
            if (refusal is not null) return refusal;
            var profile = writer.Write(traits);
            return DataPlane.Accepted(new JsonObject { ["id"] = profile.Id, ["message"] = "Profile resolved and accepted for processing." });
        });

    // ListProfiles: ids only, newest first by default.
    private static IResult ListProfiles(HttpContext context, EmulatorState state, string storeId)
    {
        lock (state.Sync)
        {
            return (IResult?)DataPlane.CheckStore(context, state, storeId)
                ?? Paging.TokenList(context.Request.Query, state.ProfilesOf(storeId), p => p.Sequence, ProfileListRules, p => p.Id);
        }
    }

    private static IResult FetchProfile(HttpContext context, EmulatorState state, string storeId, string profileId)
    {
        if (!TraitGroups.TryParseFilter(context.Request.Query["traitGroups"], out var includesGroup)) return TraitGroupsFilterError();
        lock (state.Sync)
        {
            var (profile, error) = DataPlane.FindProfile(context, state, storeId, profileId);
            if (error is not null) return error;
            return new ApiResponse(StatusCodes.Status200OK, new JsonObject
            {
                ["id"] = profile!.Id,
                ["createdAt"] = ApiJson.Iso8601(profile.CreatedAt),
                ["traits"] = TraitGroups.Render(profile, includesGroup),
            });
        }
    }

    // PatchProfileTraits: given traits are added or replaced, null removes one, the rest stay.
    private static Task<IResult> PatchProfile(HttpContext context, EmulatorState state, string storeId, string profileId) =>
        DataPlane.WithBodyAsync(context, state, storeId, profileId, ReadProfilePatch, (profile, traits) =>
        {
            var undefined = SchemaEnforcement.Check(state.SchemaOf(storeId), traits);
            if (undefined is not null) return undefined;
            var limits = TraitShape.Of(profile).Merge(traits).LimitsProblem();
            if (limits is not null) return ApiError.BadRequest(limits + ".");
            ProfileWriter.Apply(state, profile, traits);
            return DataPlane.Accepted("Trait modifications accepted for processing.");
        });

    // DeleteProfile: permanent and immediate; the profile's observations and summaries go with it.
    private static IResult DeleteProfile(HttpContext context, EmulatorState state, string storeId, string profileId)
    {
        lock (state.Sync)
        {
            var (profile, error) = DataPlane.FindProfile(context, state, storeId, profileId);
            if (error is not null) return error;
            state.Profiles.Remove(profile!.Id);
            return DataPlane.Accepted("Profile accepted for deletion.");
        }
    }

    // ListProfileTraits: one item per trait, in the order the traits were first set (newest first by default).
    private static IResult ListTraits(HttpContext context, EmulatorState state, string storeId, string profileId)
    {
        if (!TraitGroups.TryParseFilter(context.Request.Query["traitGroups"], out var includesGroup)) return TraitGroupsFilterError();
        lock (state.Sync)
        {
            var (profile, error) = DataPlane.FindProfile(context, state, storeId, profileId);
            if (error is not null) return error;
            var traits = profile!.Traits.Where(g => includesGroup(g.Key))
                .SelectMany(g => g.Value.Select(t => (Group: g.Key, Name: t.Key, Trait: t.Value)));
            return Paging.TokenList(context.Request.Query, traits, t => t.Trait.Sequence, TraitListRules, t => new JsonObject
            {
                ["name"] = t.Name,
                ["value"] = t.Trait.Value.DeepClone(),
                ["traitGroup"] = t.Group,
                ["timestamp"] = ApiJson.Iso8601(t.Trait.Timestamp),
            });
        }
    }

    // CreateProfilesLookup: the value is normalised as its identifier type says, then matched exactly.
    private static Task<IResult> LookupProfiles(HttpContext context, EmulatorState state, string storeId) =>
        DataPlane.WithBodyAsync(context, state, storeId, ReadIdentifier, identifier => new ApiResponse(StatusCodes.Status200OK, new JsonObject
        {
            ["normalizedValue"] = identifier.Value,
            ["profiles"] = new JsonArray([.. state.ProfilesOf(storeId).Where(p => p.Has(identifier)).Take(MaxLookupMatches).Select(p => (JsonNode)p.Id)]),
        }));

    // UpdateProfilesBulk: all or nothing. A batch that breaks a limit or the cap is refused whole, before anything is written.
    private static Task<IResult> UpsertProfiles(HttpContext context, EmulatorState state, string storeId) =>
        DataPlane.WithBodyAsync(context, state, storeId, ReadBatch, batch =>
        {
            var schema = state.SchemaOf(storeId);
            for (var i = 0; i < batch.Count; i++)
            {
                if (SchemaEnforcement.Check(schema, batch[i]) is { } undefined) return undefined with { Message = $"profiles[{i}]: {undefined.Message}" };
            }

            var writer = new ProfileWriter(state, storeId);
            var refusal = writer.CheckAll(batch, "profiles");
            if (refusal is not null) return refusal;
            foreach (var traits in batch) writer.Write(traits);
            return DataPlane.Accepted("Profile batch accepted for processing.");
        });

    // The Identifier schema: idType 2–30 characters, value at most 255, nothing else; the type must be a configured one.
    private static (ProfileIdentifier? Identifier, ApiError? Error) ReadIdentifier(JsonObject body)
    {
        var unknown = DataPlane.CheckOnly(body, "idType", "value");
        if (unknown is not null) return (null, unknown);
        if (!JsonValues.IsString(body["idType"], out var idType) || idType.Length is < 2 or > 30)
        {
            return (null, ApiError.BadRequest("idType must be a string of 2 to 30 characters."));
        }

        if (!JsonValues.IsString(body["value"], out var value) || value.Length > 255)
        {
            return (null, ApiError.BadRequest("value must be a string of at most 255 characters."));
        }

        if (!ProfileIdentifiers.IsKnownType(idType))
        {
            return (null, ApiError.BadRequest(
                $"idType '{idType}' is not an identifier type of this store's Identity Resolution Settings ({string.Join(", ", ProfileIdentifiers.Types)})."));
        }

        var normalized = ProfileIdentifiers.Normalize(idType, value);
        return normalized is null
            ? (null, ApiError.BadRequest($"value '{value}' is not a valid {idType}."))
            : (new ProfileIdentifier(idType, normalized), null);
    }

    // The bulk body: {profiles: [1..1000 ProfileData]}.
    private static (List<JsonObject>? Batch, ApiError? Error) ReadBatch(JsonObject body)
    {
        var unknown = DataPlane.CheckOnly(body, "profiles");
        if (unknown is not null) return (null, unknown);
        if (body["profiles"] is not JsonArray items || items.Count is < 1 or > MaxBulkProfiles)
        {
            return (null, ApiError.BadRequest($"profiles must be a list of 1 to {MaxBulkProfiles} profiles."));
        }

        var batch = new List<JsonObject>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject item) return (null, ApiError.BadRequest($"profiles[{i}] must be an object."));
            var (traits, problem) = ReadProfileData(item);
            if (problem is not null) return (null, ApiError.BadRequest($"profiles[{i}]: {problem.Message}"));
            batch.Add(traits!);
        }

        return (batch, null);
    }

    // ProfilePatch: {traits}, nothing else; a null value removes that trait.
    private static (JsonObject? Traits, ApiError? Error) ReadProfilePatch(JsonObject body)
    {
        var unknown = DataPlane.CheckOnly(body, "traits");
        if (unknown is not null) return (null, unknown);
        if (body["traits"] is null) return (null, ApiError.BadRequest("traits is required."));
        var invalid = TraitGroups.Validate(body["traits"], allowNullValues: true);
        return invalid is null ? (body["traits"]!.AsObject(), null) : (null, ApiError.BadRequest(invalid + "."));
    }

    /// <summary>
    /// A <c>ProfileData</c> body (<c>{traits}</c>, nothing else) whose traits promote at least one identifier, as
    /// CreateProfile requires. Returns the traits, or why they are refused.
    /// </summary>
    private static (JsonObject? Traits, ApiError? Error) ReadProfileData(JsonObject body)
    {
        var unknown = DataPlane.CheckOnly(body, "traits");
        if (unknown is not null) return (null, unknown);
        var invalid = TraitGroups.Validate(body["traits"], allowNullValues: false);
        if (invalid is not null) return (null, ApiError.BadRequest(invalid + "."));
        var traits = body["traits"]!.AsObject();
        return ProfileIdentifiers.Of(traits).Count == 0
            ? (null, ApiError.BadRequest(
                $"A profile needs at least one identifier trait: {ProfileIdentifiers.ContactGroup}.email or {ProfileIdentifiers.ContactGroup}.phone with a valid value."))
            : (traits, null);
    }

    private static ApiError TraitGroupsFilterError() => ApiError.BadRequest("traitGroups must be a comma-separated list of 1 to 256 characters.");
}
