using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Provisioning.TwilioEmulator.Accounts;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.TwilioEmulator.Memory;

/// <summary>Memory v1 control plane (contract §2). Calls act on the account of the credentials.</summary>
public static partial class StoreEndpoints
{
    private const int MaxDisplayNameLength = 64;

    private static readonly HashSet<string> StoreRequestFields = ["displayName", "description"];

    private static readonly TokenListRules StoreListRules = new("stores", MaxPageSize: 100, MaxPageTokenLength: 500, MetaPageSizeIsItemCount: false);

    public static void MapStoreEndpoints(this IEndpointRouteBuilder routes)
    {
        var controlPlane = routes.MapGroup("/v1/ControlPlane");
        controlPlane.MapPost("/Stores", CreateStore);
        controlPlane.MapGet("/Stores", ListStores);
        controlPlane.MapGet("/Stores/{storeId}", FetchStore);
        controlPlane.MapPatch("/Stores/{storeId}", PatchStore);
        controlPlane.MapDelete("/Stores/{storeId}", DeleteStore);
        controlPlane.MapGet("/Operations/{operationId}", (HttpContext context, EmulatorState state, string operationId) =>
            Operations.Fetch(state, ControlPlane.Memory, BasicAuthenticationMiddleware.GetCaller(context).AccountSid, operationId, RenderOperation));
    }

    // M1: cap and unique-name rules are checked atomically with the insert.
    private static async Task<IResult> CreateStore(HttpContext context, EmulatorState state)
    {
        var caller = BasicAuthenticationMiddleware.GetCaller(context);
        var (body, readError) = await ApiJson.ReadObjectAsync(context.Request);
        if (readError is not null) return readError;
        var validationError = ValidateStoreRequest(body!, displayNameRequired: true);
        if (validationError is not null) return validationError;
        var displayName = body!["displayName"]!.GetValue<string>();
        var description = body["description"]?.GetValue<string>();

        lock (state.Sync)
        {
            var settings = state.Settings.Current;
            var now = state.Now;
            var existing = state.Stores.Values.Where(s => s.AccountSid == caller.AccountSid && s.ExistsAt(now)).ToList();
            if (existing.Count >= settings.StoreCap)
            {
                var message = $"Account {caller.AccountSid} already has {existing.Count} Memory Stores; the limit is {settings.StoreCap}.";
                if (settings.StoreCapMode == StoreCapMode.RejectSynchronously)
                {
                    return new ApiError(settings.StoreCapErrorStatus, settings.StoreCapErrorCode, message);
                }

                var failure = new OperationFailure(settings.StoreCapErrorStatus, settings.StoreCapErrorCode, "Store limit exceeded", message);
                var failed = Operations.Start(state, ControlPlane.Memory, caller.AccountSid, settings.OperationDelayMs, null, failure);
                return Operations.Accepted(state, failed, new JsonObject { ["message"] = "Store creation accepted." });
            }

            // A FAILED store holds its name like any other until its delete completes (§12 P3).
            var duplicate = FindDuplicateName(existing, displayName, exceptStoreId: null);
            if (duplicate is not null && !settings.AllowDuplicateStoreNames)
            {
                return ApiError.DuplicateStoreName(settings.DuplicateStoreNameErrorStatus, displayName, duplicate.Id);
            }

            var provisioningFails = FaultContext.FailsOperation(context);

            var queuedUntil = now.AddMilliseconds(settings.OperationDelayMs);
            var store = new MemoryStore
            {
                Id = Ids.NewStoreId(),
                AccountSid = caller.AccountSid,
                DisplayName = displayName,
                Description = description,
                CreatedAt = now,
                VisibleAt = now.AddMilliseconds(settings.EventualConsistencyWindowMs),
                QueuedUntil = queuedUntil,
                ActiveAt = queuedUntil.AddMilliseconds(settings.StoreActivationDelayMs),
                IntelligenceServiceId = Ids.NewIntelligenceServiceId(),
                Sequence = state.NextSequence(),
                ProvisioningFails = provisioningFails,
            };
            state.Stores[store.Id] = store;
            var provisioningFailure = provisioningFails
                ? new OperationFailure(StatusCodes.Status500InternalServerError, 20500, "Store provisioning failed", $"Provisioning Memory Store {store.Id} failed; delete the store and create a new one.")
                : null;
            var operation = Operations.Start(state, ControlPlane.Memory, caller.AccountSid, settings.OperationDelayMs, store.Id, provisioningFailure);
            return Operations.Accepted(state, operation, new JsonObject { ["message"] = "Store creation accepted." });
        }
    }

    // M2: ids only, keyset token paging, newest first by default; meta.pageSize is the page size asked for.
    private static IResult ListStores(HttpContext context, EmulatorState state)
    {
        var caller = BasicAuthenticationMiddleware.GetCaller(context);
        lock (state.Sync)
        {
            var now = state.Now;
            return Paging.TokenList(
                context.Request.Query,
                state.Stores.Values.Where(s => s.AccountSid == caller.AccountSid && s.IsVisibleAt(now)),
                s => s.Sequence,
                StoreListRules,
                s => s.Id);
        }
    }

    private static IResult FetchStore(HttpContext context, EmulatorState state, string storeId)
    {
        lock (state.Sync)
        {
            var (store, error) = FindVisibleStore(context, state, storeId);
            if (error is not null) return error;
            return new ApiResponse(StatusCodes.Status200OK, Render(store!, state.Now), new Dictionary<string, string> { ["ETag"] = store!.ETag });
        }
    }

    // M4: If-Match mismatch → 412 (contract §10); the change applies at once, the operation (if any) only reports it.
    private static async Task<IResult> PatchStore(HttpContext context, EmulatorState state, string storeId)
    {
        var (body, readError) = await ApiJson.ReadObjectAsync(context.Request);
        if (readError is not null) return readError;
        var validationError = ValidateStoreRequest(body!, displayNameRequired: false);
        if (validationError is not null) return validationError;
        var ifMatch = context.Request.Headers.IfMatch.ToString();

        lock (state.Sync)
        {
            var (store, error) = FindVisibleStore(context, state, storeId);
            if (error is not null) return error;
            if (ifMatch.Length > 0 && ifMatch != "*" && ifMatch != store!.ETag)
            {
                return ApiError.PreconditionFailed($"If-Match {ifMatch} does not match the current ETag {store.ETag}.");
            }

            var settings = state.Settings.Current;
            var now = state.Now;
            if (body!["displayName"]?.GetValue<string>() is { } displayName && displayName != store!.DisplayName)
            {
                var siblings = state.Stores.Values.Where(s => s.AccountSid == store.AccountSid && s.ExistsAt(now));
                var duplicate = FindDuplicateName(siblings, displayName, store.Id);
                if (duplicate is not null && !settings.AllowDuplicateStoreNames)
                {
                    return ApiError.DuplicateStoreName(settings.DuplicateStoreNameErrorStatus, displayName, duplicate.Id);
                }

                switch (settings.StoreRenameOutcome)
                {
                    case StoreRenameOutcome.OperationFails:
                        var failure = new OperationFailure(StatusCodes.Status500InternalServerError, 500, "Store update failed", $"Renaming Memory Store {store.Id} failed.");
                        var failed = Operations.Start(state, ControlPlane.Memory, store.AccountSid, settings.OperationDelayMs, store.Id, failure);
                        return Operations.Accepted(state, failed, new JsonObject { ["message"] = "Store update accepted." });
                    case StoreRenameOutcome.NotApplied:
                        break;
                    case StoreRenameOutcome.Applied:
                        store.DisplayName = displayName;
                        break;
                }
            }

            if (body.ContainsKey("description")) store!.Description = body["description"]?.GetValue<string>();
            store!.Version++;
            // §12 P6: the spec lists 202 and an operation, Twilio's async-operations page a synchronous answer.
            if (settings.StorePatchAnswer == StorePatchAnswer.Applied)
                return new ApiResponse(StatusCodes.Status200OK, Render(store, now), new Dictionary<string, string> { ["ETag"] = store.ETag });
            var operation = Operations.Start(state, ControlPlane.Memory, store.AccountSid, settings.OperationDelayMs, store.Id);
            return Operations.Accepted(state, operation, new JsonObject { ["message"] = "Store update accepted." });
        }
    }

    // M5: the store disappears (404) once the delete operation completes; its data plane goes at once.
    private static IResult DeleteStore(HttpContext context, EmulatorState state, string storeId)
    {
        lock (state.Sync)
        {
            var (store, error) = FindVisibleStore(context, state, storeId);
            if (error is not null) return error;
            var settings = state.Settings.Current;
            var now = state.Now;
            if (store!.DeletedAt is not null) return NotFound(storeId);
            switch (settings.StoreDeleteMode)
            {
                case StoreDeleteMode.Refuse:
                    return ApiError.Forbidden("Memory Stores cannot be deleted (private beta).");
                case StoreDeleteMode.RejectWhenInUse:
                    var user = state.Configurations.Values.FirstOrDefault(c => c.MemoryStoreId == store.Id && c.ExistsAt(now));
                    if (user is not null) return ApiError.Conflict($"Memory Store {store.Id} is used by configuration {user.Id}.", user.Id);
                    break;
                case StoreDeleteMode.Allow:
                    break;
            }

            store.DeletedAt = now.AddMilliseconds(settings.OperationDelayMs);
            // The data plane answers 404 from now on (contract M5: the delete takes profiles and memories along).
            state.RemoveDataPlane(store.Id);
            var operation = Operations.Start(state, ControlPlane.Memory, store.AccountSid, settings.OperationDelayMs, store.Id);
            return Operations.Accepted(state, operation, new JsonObject { ["message"] = "Store deletion accepted." });
        }
    }

    private static (MemoryStore? Store, ApiError? Error) FindVisibleStore(HttpContext context, EmulatorState state, string storeId)
    {
        var caller = BasicAuthenticationMiddleware.GetCaller(context);
        return state.Stores.TryGetValue(storeId, out var store) && store.AccountSid == caller.AccountSid && store.IsVisibleAt(state.Now)
            ? (store, null)
            : (null, NotFound(storeId));
    }

    private static ApiError NotFound(string storeId) =>
        ApiError.NotFound($"The requested resource /v1/ControlPlane/Stores/{storeId} was not found");

    // Names are compared case-insensitively: two stores differing only in case would confuse humans just as much.
    private static MemoryStore? FindDuplicateName(IEnumerable<MemoryStore> stores, string displayName, string? exceptStoreId) =>
        stores.FirstOrDefault(s => s.Id != exceptStoreId && string.Equals(s.DisplayName, displayName, StringComparison.OrdinalIgnoreCase));

    // ServiceRequest / PatchStoreRequest: no extra properties, displayName ^[a-zA-Z0-9-]+$ and at most 64 characters
    // (contract §10 corrections), description 1–128.
    private static ApiError? ValidateStoreRequest(JsonObject body, bool displayNameRequired)
    {
        var unknown = body.Select(p => p.Key).FirstOrDefault(k => !StoreRequestFields.Contains(k));
        if (unknown is not null) return ApiError.BadRequest($"Unknown property '{unknown}'.");
        var displayName = body["displayName"];
        if (displayName is null)
        {
            if (displayNameRequired) return ApiError.BadRequest("displayName is required.");
        }
        else if (displayName.GetValueKind() != System.Text.Json.JsonValueKind.String
            || displayName.GetValue<string>().Length > MaxDisplayNameLength
            || !DisplayNamePattern().IsMatch(displayName.GetValue<string>()))
        {
            return ApiError.BadRequest($"displayName must be at most {MaxDisplayNameLength} characters matching ^[a-zA-Z0-9-]+$.");
        }

        var description = body["description"];
        if (description is not null
            && (description.GetValueKind() != System.Text.Json.JsonValueKind.String || description.GetValue<string>().Length is < 1 or > 128))
        {
            return ApiError.BadRequest("description must be a string of 1 to 128 characters.");
        }

        return null;
    }

    private static JsonObject Render(MemoryStore store, DateTimeOffset now)
    {
        var status = store.StatusAt(now);
        var body = new JsonObject
        {
            ["id"] = store.Id,
            ["displayName"] = store.DisplayName,
            ["status"] = status,
            // The Conversational Intelligence service only exists once provisioning is done.
            ["intelligenceServiceId"] = status == "ACTIVE" ? store.IntelligenceServiceId : null,
            ["version"] = store.Version,
        };
        if (store.Description is not null) body["description"] = store.Description;
        return body;
    }

    private static JsonObject RenderOperation(Operation operation, DateTimeOffset now)
    {
        var status = operation.StatusAt(now);
        var body = new JsonObject
        {
            ["operationId"] = operation.Id,
            ["status"] = status,
            ["createdAt"] = ApiJson.Iso8601(operation.CreatedAt),
            ["statusUrl"] = operation.StatusUrl,
        };
        if (Operations.CompletedAt(operation, now) is { } completedAt) body["completedAt"] = completedAt;
        if (status == "COMPLETED" && operation.ResourceId is not null)
        {
            body["result"] = new JsonObject { ["type"] = "RESOURCE_ID", ["id"] = operation.ResourceId };
            body["resultUrl"] = operation.ResultUrl ?? $"{OperationUrls.MemoryBase}/Stores/{operation.ResourceId}";
        }

        if (status == "FAILED" && operation.Failure is { } failure)
        {
            body["error"] = new JsonObject
            {
                ["type"] = $"https://www.twilio.com/docs/errors/{failure.Code}",
                ["title"] = failure.Title,
                ["code"] = failure.Code,
                ["detail"] = failure.Detail,
            };
        }

        return body;
    }

    // \z rather than $: $ also matches before a final newline, which would let "client-nl\n" through.
    [GeneratedRegex(@"^[a-zA-Z0-9-]+\z")]
    private static partial Regex DisplayNamePattern();
}
