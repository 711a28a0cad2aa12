using System.Globalization;
using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Accounts;

/// <summary>API v2010 accounts and API keys (contract §4): form-encoded requests, snake_case JSON, RFC 2822 dates.</summary>
public static class AccountEndpoints
{
    private const string ApiPrefix = "/2010-04-01";

    public static void MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup(ApiPrefix);
        api.MapPost("/Accounts.json", CreateSubaccount);
        api.MapGet("/Accounts.json", ListAccounts);
        api.MapGet("/Accounts/{accountSid}.json", FetchAccount);
        api.MapPost("/Accounts/{accountSid}.json", UpdateAccount);
        api.MapPost("/Accounts/{accountSid}/Keys.json", CreateKey);
        api.MapGet("/Accounts/{accountSid}/Keys.json", ListKeys);
        api.MapGet("/Accounts/{accountSid}/Keys/{keySid}.json", FetchKey);
        api.MapPost("/Accounts/{accountSid}/Keys/{keySid}.json", UpdateKey);
        api.MapDelete("/Accounts/{accountSid}/Keys/{keySid}.json", DeleteKey);
    }

    // A1: the new subaccount belongs to the calling account, which must itself be top-level.
    private static async Task<IResult> CreateSubaccount(HttpContext context, EmulatorState state)
    {
        var caller = BasicAuthenticationMiddleware.GetCaller(context);
        var (form, formError) = await ReadFormAsync(context.Request);
        if (formError is not null) return formError;
        var friendlyName = form.TryGetValue("FriendlyName", out var name) ? name.ToString() : null;
        if (friendlyName?.Length > 64) return ApiError.BadRequest("FriendlyName must be at most 64 characters.");

        lock (state.Sync)
        {
            var parent = state.Accounts[caller.AccountSid];
            if (!parent.IsTopLevel) return ApiError.Forbidden("A subaccount cannot create subaccounts.");
            var now = state.Now;
            var account = new Account
            {
                Sid = Ids.NewAccountSid(),
                AuthToken = Ids.NewAuthToken(),
                FriendlyName = string.IsNullOrEmpty(friendlyName) ? DefaultSubaccountName(now) : friendlyName,
                OwnerAccountSid = parent.Sid,
                DateCreated = now,
                DateUpdated = now,
                Sequence = state.NextSequence(),
            };
            state.Accounts[account.Sid] = account;
            return new ApiResponse(StatusCodes.Status201Created, Render(account));
        }
    }

    // A2: the calling account and its subaccounts, filtered exactly by FriendlyName and Status.
    private static IResult ListAccounts(HttpContext context, EmulatorState state)
    {
        var caller = BasicAuthenticationMiddleware.GetCaller(context);
        var query = context.Request.Query;
        var filters = new List<KeyValuePair<string, string>>();
        var friendlyName = query["FriendlyName"].ToString();
        var status = query["Status"].ToString();
        if (friendlyName.Length > 0) filters.Add(new("FriendlyName", friendlyName));
        if (status.Length > 0)
        {
            if (!AccountStatus.IsValid(status)) return ApiError.BadRequest("Status must be active, suspended or closed.");
            filters.Add(new("Status", status));
        }

        lock (state.Sync)
        {
            var accounts = state.Accounts.Values
                .Where(a => a.Sid == caller.AccountSid || a.OwnerAccountSid == caller.AccountSid)
                .Where(a => friendlyName.Length == 0 || a.FriendlyName == friendlyName)
                .Where(a => status.Length == 0 || a.Status == status)
                .OrderBy(a => a.Sequence)
                .ToList();
            var (body, error) = Paging.ClassicPage(accounts, a => a.Sid, query, $"{ApiPrefix}/Accounts.json", "accounts", filters, Render);
            return (IResult?)error ?? new ApiResponse(StatusCodes.Status200OK, body);
        }
    }

    private static IResult FetchAccount(HttpContext context, EmulatorState state, string accountSid)
    {
        lock (state.Sync)
        {
            var (account, error) = ResolveAccessible(context, state, accountSid);
            return (IResult?)error ?? new ApiResponse(StatusCodes.Status200OK, Render(account!));
        }
    }

    // A4: closed is final (contract §8); the top-level account cannot change its own status.
    private static async Task<IResult> UpdateAccount(HttpContext context, EmulatorState state, string accountSid)
    {
        var (form, formError) = await ReadFormAsync(context.Request);
        if (formError is not null) return formError;
        var status = form.TryGetValue("Status", out var s) ? s.ToString() : "";
        var friendlyName = form.TryGetValue("FriendlyName", out var f) ? f.ToString() : "";
        if (status.Length > 0 && !AccountStatus.IsValid(status)) return ApiError.BadRequest("Status must be active, suspended or closed.");
        if (friendlyName.Length > 64) return ApiError.BadRequest("FriendlyName must be at most 64 characters.");

        lock (state.Sync)
        {
            var (account, error) = ResolveAccessible(context, state, accountSid);
            if (error is not null) return error;
            if (status.Length > 0 && status != account!.Status)
            {
                if (account.IsTopLevel) return ApiError.BadRequest("The status of a top-level account cannot be changed through the API.");
                if (account.Status == AccountStatus.Closed) return ApiError.BadRequest("A closed account cannot be reopened.");
                account.Status = status;
            }

            if (friendlyName.Length > 0) account!.FriendlyName = friendlyName;
            account!.DateUpdated = state.Now;
            return new ApiResponse(StatusCodes.Status200OK, Render(account));
        }
    }

    // A5: the secret appears in this response only.
    private static async Task<IResult> CreateKey(HttpContext context, EmulatorState state, string accountSid)
    {
        var (form, formError) = await ReadFormAsync(context.Request);
        if (formError is not null) return formError;
        var friendlyName = form.TryGetValue("FriendlyName", out var f) ? f.ToString() : "";
        if (friendlyName.Length > 64) return ApiError.BadRequest("FriendlyName must be at most 64 characters.");

        lock (state.Sync)
        {
            var (account, error) = ResolveAccessible(context, state, accountSid);
            if (error is not null) return error;
            var now = state.Now;
            var key = new ApiKey
            {
                Sid = Ids.NewApiKeySid(),
                Secret = Ids.NewApiKeySecret(),
                AccountSid = account!.Sid,
                FriendlyName = friendlyName,
                DateCreated = now,
                DateUpdated = now,
                Sequence = state.NextSequence(),
            };
            state.ApiKeys[key.Sid] = key;
            var body = Render(key);
            body["secret"] = key.Secret;
            return new ApiResponse(StatusCodes.Status201Created, body);
        }
    }

    private static IResult ListKeys(HttpContext context, EmulatorState state, string accountSid)
    {
        lock (state.Sync)
        {
            var (account, error) = ResolveAccessible(context, state, accountSid);
            if (error is not null) return error;
            var keys = state.ApiKeys.Values.Where(k => k.AccountSid == account!.Sid).OrderBy(k => k.Sequence).ToList();
            var (body, pageError) = Paging.ClassicPage(
                keys, k => k.Sid, context.Request.Query, $"{ApiPrefix}/Accounts/{account!.Sid}/Keys.json", "keys", [], k => Render(k));
            return (IResult?)pageError ?? new ApiResponse(StatusCodes.Status200OK, body);
        }
    }

    private static IResult FetchKey(HttpContext context, EmulatorState state, string accountSid, string keySid)
    {
        lock (state.Sync)
        {
            var (key, error) = ResolveKey(context, state, accountSid, keySid);
            return (IResult?)error ?? new ApiResponse(StatusCodes.Status200OK, Render(key!));
        }
    }

    private static async Task<IResult> UpdateKey(HttpContext context, EmulatorState state, string accountSid, string keySid)
    {
        var (form, formError) = await ReadFormAsync(context.Request);
        if (formError is not null) return formError;
        var friendlyName = form.TryGetValue("FriendlyName", out var f) ? f.ToString() : "";
        if (friendlyName.Length > 64) return ApiError.BadRequest("FriendlyName must be at most 64 characters.");
        lock (state.Sync)
        {
            var (key, error) = ResolveKey(context, state, accountSid, keySid);
            if (error is not null) return error;
            key!.FriendlyName = friendlyName;
            key.DateUpdated = state.Now;
            return new ApiResponse(StatusCodes.Status200OK, Render(key));
        }
    }

    // Delete answers 204 without a body, as the Node SDK expects.
    private static IResult DeleteKey(HttpContext context, EmulatorState state, string accountSid, string keySid)
    {
        lock (state.Sync)
        {
            var (key, error) = ResolveKey(context, state, accountSid, keySid);
            if (error is not null) return error;
            state.ApiKeys.Remove(key!.Sid);
            return new ApiResponse(StatusCodes.Status204NoContent, null);
        }
    }

    /// <summary>
    /// An account in the path is reachable by itself and by its parent (normal subaccount model, §1.2).
    /// Unknown → 404/20404; known but not reachable → 403/20003. Caller must hold the state lock.
    /// </summary>
    private static (Account? Account, ApiError? Error) ResolveAccessible(HttpContext context, EmulatorState state, string accountSid)
    {
        var caller = BasicAuthenticationMiddleware.GetCaller(context);
        if (!state.Accounts.TryGetValue(accountSid, out var account))
        {
            return (null, ApiError.NotFound($"The requested resource /2010-04-01/Accounts/{accountSid}.json was not found"));
        }

        return account.Sid == caller.AccountSid || account.OwnerAccountSid == caller.AccountSid
            ? (account, null)
            : (null, ApiError.Forbidden("The credentials cannot act on this account.", 20003));
    }

    private static (ApiKey? Key, ApiError? Error) ResolveKey(HttpContext context, EmulatorState state, string accountSid, string keySid)
    {
        var (account, error) = ResolveAccessible(context, state, accountSid);
        if (error is not null) return (null, error);
        return state.ApiKeys.TryGetValue(keySid, out var key) && key.AccountSid == account!.Sid
            ? (key, null)
            : (null, ApiError.NotFound($"The requested resource /2010-04-01/Accounts/{accountSid}/Keys/{keySid}.json was not found"));
    }

    /// <summary>
    /// API v2010 takes form bodies only. Any other body type (JSON above all, which the Memory and Conversations APIs
    /// use) is refused with 400 rather than read as an empty form, which would silently drop its fields.
    /// A request without a body and without a Content-Type is an empty form.
    /// </summary>
    private static async Task<(IFormCollection Form, ApiError? Error)> ReadFormAsync(HttpRequest request)
    {
        if (request.HasFormContentType) return (await request.ReadFormAsync(request.HttpContext.RequestAborted), null);
        if (string.IsNullOrEmpty(request.ContentType) && request.ContentLength is null or 0) return (FormCollection.Empty, null);
        return (FormCollection.Empty, ApiError.BadRequest(
            $"API v2010 takes form-encoded bodies (application/x-www-form-urlencoded), not {(string.IsNullOrEmpty(request.ContentType) ? "a body without Content-Type" : request.ContentType)}."));
    }

    private static string DefaultSubaccountName(DateTimeOffset now) =>
        "SubAccount Created at " + now.UtcDateTime.ToString("yyyy-MM-dd hh:mm tt", CultureInfo.InvariantCulture).ToLowerInvariant();

    private static JsonNode Render(Account account) => new JsonObject
    {
        ["sid"] = account.Sid,
        ["auth_token"] = account.AuthToken,
        ["friendly_name"] = account.FriendlyName,
        ["owner_account_sid"] = account.OwnerAccountSid,
        ["status"] = account.Status,
        ["type"] = "Full",
        ["date_created"] = ApiJson.Rfc2822(account.DateCreated),
        ["date_updated"] = ApiJson.Rfc2822(account.DateUpdated),
        ["subresource_uris"] = new JsonObject
        {
            ["keys"] = $"{ApiPrefix}/Accounts/{account.Sid}/Keys.json",
        },
        ["uri"] = $"{ApiPrefix}/Accounts/{account.Sid}.json",
    };

    private static JsonObject Render(ApiKey key) => new()
    {
        ["sid"] = key.Sid,
        ["friendly_name"] = key.FriendlyName,
        ["date_created"] = ApiJson.Rfc2822(key.DateCreated),
        ["date_updated"] = ApiJson.Rfc2822(key.DateUpdated),
    };
}
