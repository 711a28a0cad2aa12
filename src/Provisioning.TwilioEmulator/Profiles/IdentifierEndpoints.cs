using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// A profile's identifiers (contract §12.3): list, add, fetch one type, replace a value, remove values. Writes are
/// answered 202 and applied at once, as profile writes are. Values are normalised as the identifier type says and kept
/// oldest first, historical ones included (the same values Lookup matches). Profile merges are not emulated: a value
/// added with POST that another profile holds is added anyway (a lookup then finds both); a PATCH onto such a value is
/// the spec's 409.
/// </summary>
public static class IdentifierEndpoints
{
    private const int MaxValueLength = 255;

    public static void MapIdentifierEndpoints(this IEndpointRouteBuilder routes)
    {
        var identifiers = routes.MapGroup(DataPlane.ProfilesPath + "/{profileId}/Identifiers");
        identifiers.MapGet("", ListIdentifiers);
        identifiers.MapPost("", AddIdentifierAsync);
        identifiers.MapGet("/{idType}", FetchIdentifier);
        identifiers.MapPatch("/{idType}", ReplaceIdentifierAsync);
        identifiers.MapDelete("/{idType}", RemoveIdentifier);
    }

    private static bool IsIdType(string? idType) => idType is { Length: >= 2 and <= 30 };

    private static ApiError IdTypeError() => ApiError.BadRequest("idType must be a string of 2 to 30 characters.");

    private static ApiError TypeNotFound(string storeId, string profileId, string idType) =>
        ApiError.NotFound($"The requested resource /v1/Stores/{storeId}/Profiles/{profileId}/Identifiers/{idType} was not found");

    private static JsonObject Render(string idType, IEnumerable<string> values) =>
        new() { ["idType"] = idType, ["values"] = new JsonArray([.. values.Select(v => (JsonNode)v)]) };

    // ListProfileIdentifiers: {identifiers: [{idType, values}]}, types in the order they were first set.
    private static IResult ListIdentifiers(HttpContext context, EmulatorState state, string storeId, string profileId)
    {
        lock (state.Sync)
        {
            var (profile, error) = DataPlane.FindProfile(context, state, storeId, profileId);
            if (error is not null) return error;
            return new ApiResponse(StatusCodes.Status200OK, new JsonObject
            {
                ["identifiers"] = new JsonArray([.. profile!.Identifiers.Where(i => i.Value.Count > 0).Select(i => (JsonNode)Render(i.Key, i.Value))]),
            });
        }
    }

    private static IResult FetchIdentifier(HttpContext context, EmulatorState state, string storeId, string profileId, string idType)
    {
        if (!IsIdType(idType)) return IdTypeError();
        lock (state.Sync)
        {
            var (profile, error) = DataPlane.FindProfile(context, state, storeId, profileId);
            if (error is not null) return error;
            return profile!.Identifiers.TryGetValue(idType, out var values) && values.Count > 0
                ? new ApiResponse(StatusCodes.Status200OK, Render(idType, values))
                : TypeNotFound(storeId, profileId, idType);
        }
    }

    // CreateProfileIdentifier: {idType, value}, nothing else; the type must be one the store's settings configure.
    private static Task<IResult> AddIdentifierAsync(HttpContext context, EmulatorState state, string storeId, string profileId) =>
        DataPlane.WithBodyAsync(context, state, storeId, profileId, ReadAddition, (profile, identifier) =>
        {
            profile.Promote([identifier]);
            return DataPlane.Accepted("Identifier accepted for processing.");
        });

    // UpdateProfileIdentifier: {idType, oldValue, newValue}, all required; oldValue must be one of the profile's values.
    private static Task<IResult> ReplaceIdentifierAsync(HttpContext context, EmulatorState state, string storeId, string profileId, string idType) =>
        DataPlane.WithBodyAsync(context, state, storeId, profileId, body => ReadReplacement(body, idType), (profile, replacement) =>
        {
            var change = replacement!.Value;
            if (!profile.Identifiers.TryGetValue(idType, out var values) || !values.Contains(change.OldValue))
                return TypeNotFound(storeId, profileId, idType) with { Message = $"Profile {profileId} has no {idType} '{change.OldValue}'." };
            var holder = state.ProfilesOf(storeId).FirstOrDefault(p => p.Id != profile.Id && p.Has(new ProfileIdentifier(idType, change.NewValue)));
            if (holder is not null)
                return ApiError.Conflict($"{idType} '{change.NewValue}' belongs to another profile of this store (identifiers are unique; merges are not emulated).");
            values.Remove(change.OldValue);
            if (!values.Contains(change.NewValue)) values.Add(change.NewValue);
            return DataPlane.Accepted("Identifier update accepted.");
        });

    // DeleteProfileIdentifier: removeAll=false (default) drops one value, the oldest (limitPolicy fifo); true drops them all.
    private static IResult RemoveIdentifier(HttpContext context, EmulatorState state, string storeId, string profileId, string idType)
    {
        if (!IsIdType(idType)) return IdTypeError();
        var raw = context.Request.Query["removeAll"].ToString();
        if (raw.Length > 0 && !bool.TryParse(raw, out _)) return ApiError.BadRequest("removeAll must be true or false.");
        var removeAll = raw.Length > 0 && bool.Parse(raw);
        lock (state.Sync)
        {
            var (profile, error) = DataPlane.FindProfile(context, state, storeId, profileId);
            if (error is not null) return error;
            if (!profile!.Identifiers.TryGetValue(idType, out var values) || values.Count == 0) return TypeNotFound(storeId, profileId, idType);
            if (removeAll) values.Clear();
            else values.RemoveAt(0);
            if (values.Count == 0) profile.Identifiers.Remove(idType);
            return DataPlane.Accepted("Identifier removal accepted.");
        }
    }

    private static (ProfileIdentifier? Identifier, ApiError? Error) ReadAddition(JsonObject body)
    {
        var unknown = DataPlane.CheckOnly(body, "idType", "value");
        if (unknown is not null) return (null, unknown);
        if (!JsonValues.IsString(body["idType"], out var idType) || !IsIdType(idType)) return (null, IdTypeError());
        return Normalize(idType, body["value"], "value") is var (value, error) && error is not null
            ? (null, error)
            : (new ProfileIdentifier(idType, value!), null);
    }

    private static ((string OldValue, string NewValue)? Change, ApiError? Error) ReadReplacement(JsonObject body, string idType)
    {
        var unknown = DataPlane.CheckOnly(body, "idType", "oldValue", "newValue");
        if (unknown is not null) return (null, unknown);
        if (!IsIdType(idType)) return (null, IdTypeError());
        if (!JsonValues.IsString(body["idType"], out var bodyType) || bodyType != idType)
            return (null, ApiError.BadRequest($"idType is required and must be the path's idType '{idType}'."));
        var (oldValue, oldError) = Normalize(idType, body["oldValue"], "oldValue");
        if (oldError is not null) return (null, oldError);
        var (newValue, newError) = Normalize(idType, body["newValue"], "newValue");
        return newError is not null ? (null, newError) : ((oldValue!, newValue!), null);
    }

    /// <summary>A required value of at most 255 characters, of a type the store configures, normalised.</summary>
    private static (string? Value, ApiError? Error) Normalize(string idType, JsonNode? node, string name)
    {
        if (!JsonValues.IsString(node, out var raw) || raw.Length > MaxValueLength)
            return (null, ApiError.BadRequest($"{name} is required: a string of at most {MaxValueLength} characters."));
        if (!ProfileIdentifiers.IsKnownType(idType))
        {
            return (null, ApiError.BadRequest(
                $"idType '{idType}' is not an identifier type of this store's Identity Resolution Settings ({string.Join(", ", ProfileIdentifiers.Types)})."));
        }

        var normalized = ProfileIdentifiers.Normalize(idType, raw);
        return normalized is null ? (null, ApiError.BadRequest($"{name} '{raw}' is not a valid {idType}.")) : (normalized, null);
    }
}
