using System.Text.Json.Nodes;
using Provisioning.TwilioEmulator.Accounts;

namespace Provisioning.TwilioEmulator.Conversations;

/// <summary>
/// Conversations v2 control plane (contract §3): configuration CRUD, all writes asynchronous and
/// idempotent through the Idempotency-Key header.
/// </summary>
public static class ConfigurationEndpoints
{
    public static void MapConfigurationEndpoints(this IEndpointRouteBuilder routes)
    {
        var controlPlane = routes.MapGroup("/v2/ControlPlane");
        controlPlane.MapPost("/Configurations", CreateConfiguration);
        controlPlane.MapGet("/Configurations", ListConfigurations);
        controlPlane.MapGet("/Configurations/{configurationId}", FetchConfiguration);
        controlPlane.MapPut("/Configurations/{configurationId}", (HttpContext context, EmulatorState state, string configurationId) =>
            UpdateConfiguration(context, state, configurationId, ConfigurationWrite.Replace));
        controlPlane.MapPatch("/Configurations/{configurationId}", (HttpContext context, EmulatorState state, string configurationId) =>
            state.Settings.Current.AllowConfigurationPatch
                ? UpdateConfiguration(context, state, configurationId, ConfigurationWrite.Patch)
                : Task.FromResult<IResult>(PatchNotAllowed()));
        controlPlane.MapDelete("/Configurations/{configurationId}", DeleteConfiguration);
        controlPlane.MapGet("/Operations/{operationId}", (HttpContext context, EmulatorState state, string operationId) =>
            Operations.Fetch(state, ControlPlane.Conversations, BasicAuthenticationMiddleware.GetCaller(context).AccountSid, operationId, RenderOperation));
    }

    // C1: the configuration id is allocated now; whether the answer names it depends on ConfigurationIdInCreateResponse (L3).
    private static async Task<IResult> CreateConfiguration(HttpContext context, EmulatorState state)
    {
        var caller = BasicAuthenticationMiddleware.GetCaller(context);
        var (body, readError) = await ApiJson.ReadObjectAsync(context.Request);
        if (readError is not null) return readError;

        // Inside Execute, so that a replayed key answers as before even once the account is at the cap.
        return Idempotency.Execute(state, context.Request, caller.AccountSid, () =>
        {
            var validationError = ConfigurationRequest.Validate(body!, ConfigurationWrite.Create);
            if (validationError is not null) return validationError;
            var now = state.Now;
            var settings = state.Settings.Current;
            var capError = CheckCap(state, caller.AccountSid, settings.ConfigurationCap);
            if (capError is not null) return capError;
            var configuration = new OrchestratorConfiguration
            {
                Id = Ids.NewConfigurationId(settings.ConfigurationIdPrefix),
                AccountSid = caller.AccountSid,
                CreatedAt = now,
                UpdatedAt = now,
                VisibleAt = now.AddMilliseconds(settings.EventualConsistencyWindowMs),
                Sequence = state.NextSequence(),
            };
            var referenceError = CheckReferences(state, configuration, body!);
            if (referenceError is not null) return referenceError;

            ConfigurationRequest.Apply(configuration, body!, ConfigurationWrite.Create);
            configuration.RecordVoiceTranscription(now);
            state.Configurations[configuration.Id] = configuration;
            return Accepted(state, configuration, idHidden: HidesCreatedId(state, settings.ConfigurationIdInCreateResponse));
        });
    }

    // C2: oldest first; meta.pageSize is the number of items actually returned (contract §3).
    private static IResult ListConfigurations(HttpContext context, EmulatorState state)
    {
        var caller = BasicAuthenticationMiddleware.GetCaller(context);
        var query = context.Request.Query;
        var (pageSize, sizeError) = Paging.ParsePageSize(query["pageSize"], "pageSize", 1, 1000, 50);
        if (sizeError is not null) return sizeError;
        var memoryStoreId = query["memoryStoreId"].ToString();
        if (memoryStoreId.Length > 0 && !Ids.IsStoreId(memoryStoreId)) return ApiError.BadRequest("memoryStoreId is not a valid store id.");

        lock (state.Sync)
        {
            var now = state.Now;
            var ordered = state.Configurations.Values
                .Where(c => c.AccountSid == caller.AccountSid && c.IsVisibleAt(now))
                .Where(c => memoryStoreId.Length == 0 || c.MemoryStoreId == memoryStoreId)
                .OrderBy(c => c.Sequence)
                .ToList();
            var (page, pageError) = Paging.TokenPage(ordered, c => c.Sequence, descending: false, pageSize, query["pageToken"]);
            if (pageError is not null) return pageError;
            return new ApiResponse(StatusCodes.Status200OK, new JsonObject
            {
                ["configurations"] = new JsonArray([.. page!.Items.Select(Render)]),
                ["meta"] = Paging.TokenMeta("configurations", page.Items.Count, page.NextToken, page.PreviousToken),
            });
        }
    }

    private static IResult FetchConfiguration(HttpContext context, EmulatorState state, string configurationId)
    {
        lock (state.Sync)
        {
            var (configuration, error) = FindVisible(context, state, configurationId);
            return (IResult?)error ?? new ApiResponse(StatusCodes.Status200OK, Render(configuration!));
        }
    }

    // C4 (PUT, full replacement) and C5 (PATCH, merge, only with AllowConfigurationPatch): changes apply at once,
    // the operation reports them. Both always name the configuration in related.configurationId.
    private static async Task<IResult> UpdateConfiguration(HttpContext context, EmulatorState state, string configurationId, ConfigurationWrite write)
    {
        var caller = BasicAuthenticationMiddleware.GetCaller(context);
        var (body, readError) = await ApiJson.ReadObjectAsync(context.Request);
        if (readError is not null) return readError;

        return Idempotency.Execute(state, context.Request, caller.AccountSid, () =>
        {
            var (configuration, error) = FindVisible(context, state, configurationId);
            if (error is not null) return error;
            var validationError = ConfigurationRequest.Validate(body!, write)
                ?? CheckGroupingUnchanged(configuration!, body!)
                ?? CheckReferences(state, configuration!, body!);
            if (validationError is not null) return validationError;

            ConfigurationRequest.Apply(configuration!, body!, write);
            configuration!.Version++;
            configuration.UpdatedAt = state.Now;
            configuration.RecordVoiceTranscription(configuration.UpdatedAt);
            return Accepted(state, configuration);
        });
    }

    // C6: the configuration is 404 once the delete operation completes.
    private static IResult DeleteConfiguration(HttpContext context, EmulatorState state, string configurationId)
    {
        var caller = BasicAuthenticationMiddleware.GetCaller(context);
        return Idempotency.Execute(state, context.Request, caller.AccountSid, () =>
        {
            var (configuration, error) = FindVisible(context, state, configurationId);
            if (error is not null) return error;
            if (configuration!.DeletedAt is not null) return NotFound(configurationId);
            configuration.DeletedAt = state.Now.AddMilliseconds(state.Settings.Current.ConfigurationOperationDelayMs);
            return Accepted(state, configuration);
        });
    }

    private static ApiResponse Accepted(EmulatorState state, OrchestratorConfiguration configuration, bool idHidden = false)
    {
        var operation = Operations.Start(
            state,
            ControlPlane.Conversations,
            configuration.AccountSid,
            state.Settings.Current.ConfigurationOperationDelayMs,
            configuration.Id,
            resourceIdHidden: idHidden);
        // Without the id the 202 is {statusUrl} alone; the headers name only the operation, never the configuration.
        var body = idHidden ? new JsonObject() : new JsonObject { ["related"] = new JsonObject { ["configurationId"] = configuration.Id } };
        return Operations.Accepted(state, operation, body);
    }

    private static bool HidesCreatedId(EmulatorState state, ConfigurationIdDisclosure disclosure) => disclosure switch
    {
        ConfigurationIdDisclosure.Always => false,
        ConfigurationIdDisclosure.Never => true,
        _ => state.ConfigurationIdOmissionRandom.Next(2) == 0,
    };

    // L1: counted like the store cap, over every configuration of the account whose delete has not completed.
    private static ApiError? CheckCap(EmulatorState state, string accountSid, int cap)
    {
        var now = state.Now;
        var count = state.Configurations.Values.Count(c => c.AccountSid == accountSid && c.ExistsAt(now));
        return count < cap
            ? null
            : ApiError.BadRequest($"Account {accountSid} already has {count} Conversation Orchestrator configurations; the limit is {cap}.");
    }

    // L4: the grouping is fixed at creation; a different grouping needs a new configuration.
    private static ApiError? CheckGroupingUnchanged(OrchestratorConfiguration configuration, JsonObject body) =>
        body["conversationGroupingType"]?.GetValue<string>() is { } grouping && grouping != configuration.ConversationGroupingType
            ? ApiError.BadRequest(
                $"conversationGroupingType cannot be changed after creation (it is {configuration.ConversationGroupingType}, "
                + $"the request asks for {grouping}); create a new configuration instead.")
            : null;

    // L2: the live service updates configurations with PUT only.
    private static ApiError PatchNotAllowed() =>
        ApiError.MethodNotAllowed("Method not allowed: configurations are updated with PUT", "GET, PUT, DELETE");

    /// <summary>
    /// Checks that need state: memoryStoreId must name an ACTIVE, visible store of the same account (400),
    /// and a Conversations V1 service may back only one configuration (409). Caller holds the lock.
    /// </summary>
    private static ApiError? CheckReferences(EmulatorState state, OrchestratorConfiguration configuration, JsonObject body)
    {
        var now = state.Now;
        if (body["memoryStoreId"]?.GetValue<string>() is { } storeId)
        {
            if (!state.Stores.TryGetValue(storeId, out var store) || store.AccountSid != configuration.AccountSid || !store.IsVisibleAt(now))
            {
                return ApiError.BadRequest($"memoryStoreId {storeId} does not refer to a Memory Store in this account.");
            }

            var status = store.StatusAt(now);
            if (status != "ACTIVE") return ApiError.BadRequest($"Memory Store {storeId} is {status}, not ACTIVE.");
        }

        if (body["conversationsV1Bridge"]?["serviceId"]?.GetValue<string>() is { } serviceId)
        {
            var other = state.Configurations.Values.FirstOrDefault(c =>
                c.Id != configuration.Id && c.AccountSid == configuration.AccountSid && c.ExistsAt(now) && c.ConversationsV1BridgeServiceId == serviceId);
            if (other is not null) return ApiError.Conflict($"Conversations V1 service {serviceId} is already bridged by {other.Id}.", other.Id);
        }

        return null;
    }

    private static (OrchestratorConfiguration? Configuration, ApiError? Error) FindVisible(HttpContext context, EmulatorState state, string configurationId)
    {
        var caller = BasicAuthenticationMiddleware.GetCaller(context);
        return state.Configurations.TryGetValue(configurationId, out var configuration)
            && configuration.AccountSid == caller.AccountSid
            && configuration.IsVisibleAt(state.Now)
            ? (configuration, null)
            : (null, NotFound(configurationId));
    }

    private static ApiError NotFound(string configurationId) =>
        ApiError.NotFound($"The requested resource /v2/ControlPlane/Configurations/{configurationId} was not found");

    private static JsonObject Render(OrchestratorConfiguration configuration)
    {
        var body = new JsonObject
        {
            ["id"] = configuration.Id,
            ["displayName"] = configuration.DisplayName,
            ["description"] = configuration.Description,
            ["conversationGroupingType"] = configuration.ConversationGroupingType,
            ["memoryStoreId"] = configuration.MemoryStoreId,
            ["memoryExtractionEnabled"] = configuration.MemoryExtractionEnabled,
            ["createdAt"] = ApiJson.Iso8601(configuration.CreatedAt),
            ["updatedAt"] = ApiJson.Iso8601(configuration.UpdatedAt),
            ["version"] = configuration.Version,
        };
        if (configuration.ChannelSettings is not null) body["channelSettings"] = configuration.ChannelSettings.DeepClone();
        if (configuration.StatusCallbacks is not null) body["statusCallbacks"] = configuration.StatusCallbacks.DeepClone();
        if (configuration.IntelligenceConfigurationIds is not null) body["intelligenceConfigurationIds"] = configuration.IntelligenceConfigurationIds.DeepClone();
        if (configuration.TraitExtractionStrategyIds is not null) body["traitExtractionStrategyIds"] = configuration.TraitExtractionStrategyIds.DeepClone();
        if (configuration.ObservationExtractionStrategyIds is not null)
        {
            body["observationExtractionStrategyIds"] = configuration.ObservationExtractionStrategyIds.DeepClone();
        }

        if (configuration.ConversationsV1BridgeServiceId is not null)
        {
            body["conversationsV1Bridge"] = new JsonObject { ["serviceId"] = configuration.ConversationsV1BridgeServiceId };
        }

        return body;
    }

    // C7: RFC 9457-style error (no code field) and related.configurationId; absent parts (including a hidden
    // configuration id) are explicit nulls.
    private static JsonObject RenderOperation(Operation operation, DateTimeOffset now)
    {
        var status = operation.StatusAt(now);
        return new JsonObject
        {
            ["operationId"] = operation.Id,
            ["status"] = status,
            ["createdAt"] = ApiJson.Iso8601(operation.CreatedAt),
            ["completedAt"] = Operations.CompletedAt(operation, now),
            ["statusUrl"] = operation.StatusUrl,
            ["error"] = status == "FAILED" && operation.Failure is { } failure
                ? new JsonObject
                {
                    ["type"] = $"https://www.twilio.com/docs/errors/{failure.Code}",
                    ["title"] = failure.Title,
                    ["status"] = failure.HttpStatus,
                    ["detail"] = failure.Detail,
                    ["instance"] = operation.StatusUrl,
                }
                : null,
            ["related"] = operation.ResourceId is null || operation.ResourceIdHidden
                ? null
                : new JsonObject { ["configurationId"] = operation.ResourceId },
        };
    }
}
