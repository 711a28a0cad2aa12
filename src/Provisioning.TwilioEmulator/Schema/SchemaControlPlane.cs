using System.Text.Json.Nodes;
using Provisioning.TwilioEmulator.Accounts;

namespace Provisioning.TwilioEmulator.Schema;

/// <summary>
/// What the per-store control-plane routes (<c>/v1/ControlPlane/Stores/{storeId}/…</c>, contract §12.2) share: the store
/// the path names for the calling account, the <c>If-Match</c> check, and accepting a write as an operation.
/// </summary>
public static class SchemaControlPlane
{
    public const string StorePath = "/v1/ControlPlane/Stores/{storeId}";

    /// <summary>
    /// Control-plane lists: <c>pageSize</c> 1–100 (default 50), <c>pageToken</c> ≤4096, <c>orderBy</c> ASC|DESC (default
    /// DESC); <c>meta.pageSize</c> counts the items returned.
    /// </summary>
    public static TokenListRules ListRules(string key, int maxItemsPerPage) =>
        new(key, MaxPageSize: 100, MaxPageTokenLength: 4096, MetaPageSizeIsItemCount: true, MaxItemsPerPage: maxItemsPerPage);

    /// <summary>
    /// The store's schema, when the store belongs to the caller's account, is visible and not being deleted (404
    /// with 520041 otherwise) and is ACTIVE (520042 otherwise). Caller holds the state lock.
    /// </summary>
    public static (StoreSchema? Schema, ApiError? Error) Find(HttpContext context, EmulatorState state, string storeId)
    {
        var caller = BasicAuthenticationMiddleware.GetCaller(context);
        var now = state.Now;
        if (!state.Stores.TryGetValue(storeId, out var store) || store.AccountSid != caller.AccountSid || !store.IsVisibleAt(now) || store.DeletedAt is not null)
        {
            return (null, SchemaErrors.StoreNotFound(storeId));
        }

        var status = store.StatusAt(now);
        return status == "ACTIVE" ? (state.SchemaOf(storeId), null) : (null, SchemaErrors.StoreNotActive(storeId, status));
    }

    /// <summary>Runs <paramref name="act"/> under the state lock once the store check has passed.</summary>
    public static IResult With(HttpContext context, EmulatorState state, string storeId, Func<StoreSchema, IResult> act)
    {
        lock (state.Sync)
        {
            var (schema, error) = Find(context, state, storeId);
            return error ?? act(schema!);
        }
    }

    /// <summary>Reads and checks the JSON body outside the lock, then does as <see cref="With"/>.</summary>
    public static async Task<IResult> WithBodyAsync<T>(
        HttpContext context, EmulatorState state, string storeId, Func<JsonObject, (T? Value, ApiError? Error)> read, Func<StoreSchema, T, IResult> act)
    {
        var (body, readError) = await ApiJson.ReadObjectAsync(context.Request);
        if (readError is not null) return readError;
        var (value, error) = read(body!);
        return error ?? With(context, state, storeId, schema => act(schema, value!));
    }

    /// <summary>
    /// The write's <c>If-Match</c> against <paramref name="etag"/>, the ETag the resource has with every accepted write
    /// applied (so two writers holding the same ETag cannot both win). The header is required: 400 without it, 412 with
    /// code 20412 when stale (as for stores, contract §10). <c>*</c> matches any version.
    /// </summary>
    public static ApiError? CheckIfMatch(HttpContext context, string etag)
    {
        var ifMatch = context.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0) return SchemaErrors.IfMatchRequired();
        if (ifMatch.Length > 100) return ApiError.BadRequest("If-Match must be at most 100 characters.");
        return ifMatch == "*" || ifMatch == etag ? null : SchemaErrors.StaleETag(ifMatch, etag);
    }

    /// <summary>
    /// Accepts a write: an operation is started, the change applies to the accepted state now and to what reads see when
    /// the operation completes. Answers the 202 of §12.2: <c>{message, statusUrl}</c> with Operation-Id, Location and
    /// Retry-After.
    /// </summary>
    public static ApiResponse Accept(
        EmulatorState state, HttpContext context, StoreSchema schema, SchemaChangeKind kind, string target, JsonObject body, string message,
        string? resultId = null, string? resultUrl = null)
    {
        var caller = BasicAuthenticationMiddleware.GetCaller(context);
        var operation = Operations.Start(
            state, ControlPlane.Memory, caller.AccountSid, state.Settings.Current.OperationDelayMs, resultId, resultUrl: resultUrl);
        schema.Accept(new SchemaChange
        {
            Kind = kind,
            Target = target,
            Body = body,
            Sequence = state.NextSequence(),
            AcceptedAt = state.Now,
            AppliesAt = operation.CompletesAt,
        });
        return Operations.Accepted(state, operation, new JsonObject { ["message"] = message });
    }
}
