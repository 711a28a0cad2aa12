using System.Text.Json.Nodes;
using Provisioning.TwilioEmulator.Accounts;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// What every Memory data-plane route (contract §11, <c>/v1/Stores/{storeId}/...</c>) shares: the store the path names
/// for the calling account, the profile under it, the slim 202 answer, and the list conventions.
/// </summary>
public static class DataPlane
{
    public const string ProfilesPath = "/v1/Stores/{storeId}/Profiles";

    /// <summary>
    /// Data-plane lists take the spec's shared <c>PageSize</c> (1–1000, default 50) and <c>PageToken</c> (≤4096);
    /// <c>meta.pageSize</c> counts the items returned (the newest spec's <c>Meta</c>).
    /// </summary>
    public static TokenListRules ListRules(string key, int maxItemsPerPage) =>
        new(key, MaxPageSize: 1000, MaxPageTokenLength: 4096, MetaPageSizeIsItemCount: true, MaxItemsPerPage: maxItemsPerPage);

    /// <summary>
    /// The store must belong to the caller's account, be visible and not being deleted; anything else gets the same 404
    /// as a store that never existed, so a caller learns nothing about other accounts' stores. The caller's own store
    /// that is not ACTIVE (QUEUED, PROVISIONING, FAILED) gets 520042; Twilio documents no HTTP status for it, the
    /// emulator answers 400, as the spec's listed status for these routes. Caller holds the state lock.
    /// </summary>
    public static ApiError? CheckStore(HttpContext context, EmulatorState state, string storeId)
    {
        var caller = BasicAuthenticationMiddleware.GetCaller(context);
        var now = state.Now;
        if (!state.Stores.TryGetValue(storeId, out var store) || store.AccountSid != caller.AccountSid || !store.IsVisibleAt(now) || store.DeletedAt is not null)
            return ApiError.NotFound($"The requested resource /v1/Stores/{storeId} was not found");
        if (store.StatusAt(now) != "ACTIVE")
            return ApiError.StoreNotActive(storeId, store.StatusAt(now));
        // Brings the store's control plane up to date first: a trait group deletion that has completed takes its values
        // off the profiles before anyone reads them.
        state.SchemaOf(storeId);
        return null;
    }

    /// <summary>The store check, then the profile, which must be in that store. Caller holds the state lock.</summary>
    public static (Profile? Profile, ApiError? Error) FindProfile(HttpContext context, EmulatorState state, string storeId, string profileId)
    {
        var storeError = CheckStore(context, state, storeId);
        if (storeError is not null) return (null, storeError);
        return state.Profiles.TryGetValue(profileId, out var profile) && profile.StoreId == storeId
            ? (profile, null)
            : (null, ApiError.NotFound($"The requested resource /v1/Stores/{storeId}/Profiles/{profileId} was not found"));
    }

    /// <summary>
    /// The common course of a data-plane request with a JSON body: <paramref name="read"/> checks the body outside the
    /// lock, then, under it and once the store check has passed, <paramref name="act"/> runs with what it read.
    /// </summary>
    public static async Task<IResult> WithBodyAsync<T>(
        HttpContext context, EmulatorState state, string storeId, Func<JsonObject, (T? Value, ApiError? Error)> read, Func<T, IResult> act)
    {
        var (body, readError) = await ApiJson.ReadObjectAsync(context.Request);
        if (readError is not null) return readError;
        var (value, error) = read(body!);
        if (error is not null) return error;
        lock (state.Sync) return (IResult?)CheckStore(context, state, storeId) ?? act(value!);
    }

    /// <summary>The same for a route under one profile: <paramref name="act"/> gets the profile too.</summary>
    public static Task<IResult> WithBodyAsync<T>(
        HttpContext context,
        EmulatorState state,
        string storeId,
        string profileId,
        Func<JsonObject, (T? Value, ApiError? Error)> read,
        Func<Profile, T, IResult> act) =>
        WithBodyAsync(context, state, storeId, read, value =>
        {
            var (profile, error) = FindProfile(context, state, storeId, profileId);
            return (IResult?)error ?? act(profile!, value);
        });

    /// <summary>The spec's 202 bodies for data-plane writes: <c>{message}</c> and nothing else.</summary>
    public static ApiResponse Accepted(string message) => Accepted(new JsonObject { ["message"] = message });

    public static ApiResponse Accepted(JsonObject body) => new(StatusCodes.Status202Accepted, body);

    /// <summary>Refuses properties the schema does not define (<c>additionalProperties: false</c>).</summary>
    public static ApiError? CheckOnly(JsonObject body, params string[] allowed)
    {
        var unknown = body.Select(p => p.Key).FirstOrDefault(k => !allowed.Contains(k));
        return unknown is null ? null : ApiError.BadRequest($"Unknown property '{unknown}'.");
    }
}
