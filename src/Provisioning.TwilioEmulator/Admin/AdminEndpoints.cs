using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioning.TwilioEmulator.Accounts;
using Provisioning.TwilioEmulator.Conversations;
using Provisioning.TwilioEmulator.Faults;
using Provisioning.TwilioEmulator.Memory;
using Provisioning.TwilioEmulator.Profiles;

namespace Provisioning.TwilioEmulator.Admin;

/// <summary>
/// The <c>/_emulator</c> admin API: no authentication, camelCase JSON. Lets tests inspect state and the request
/// log, change knobs at run time, script faults, and create drift that no Twilio API call would produce.
/// </summary>
public static class AdminEndpoints
{
    private static readonly string[] StoreStatuses = ["QUEUED", "PROVISIONING", "ACTIVE", "FAILED"];

    public static void MapAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup(EmulatorPaths.AdminPrefix);
        admin.MapGet("/state", GetState);
        admin.MapGet("/requests", (RequestLog log, long? since, string? pathPrefix) =>
            Json(log.Since(since ?? 0).Where(r => pathPrefix is null || r.Path.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase)).ToList()));
        admin.MapDelete("/requests", (RequestLog log) =>
        {
            log.Clear();
            return Results.NoContent();
        });
        admin.MapPost("/reset", Reset);
        admin.MapGet("/settings", (EmulatorSettings settings) => Json(settings.Current));
        admin.MapPut("/settings", UpdateSettings);
        admin.MapGet("/faults", (FaultRegistry faults) => Json(faults.List()));
        admin.MapPost("/faults", AddFaults);
        admin.MapDelete("/faults", (FaultRegistry faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        admin.MapPatch("/accounts/{accountSid}", ChangeAccount);
        admin.MapPost("/accounts/{accountSid}/stores", CreateStore);
        admin.MapPatch("/stores/{storeId}", ChangeStore);
        admin.MapDelete("/stores/{storeId}", DeleteStore);
        admin.MapGet("/stores/{storeId}/profiles", ListProfiles);
        admin.MapPost("/accounts/{accountSid}/configurations", CreateConfiguration);
        admin.MapPatch("/configurations/{configurationId}", ChangeConfiguration);
        admin.MapDelete("/configurations/{configurationId}", DeleteConfiguration);
    }

    private static IResult Json<T>(T value, int statusCode = StatusCodes.Status200OK) =>
        Results.Json(value, ApiJson.CamelCase, statusCode: statusCode);

    private static IResult GetState(EmulatorState state)
    {
        lock (state.Sync)
        {
            var now = state.Now;
            return Json(new EmulatorStateSnapshot(
                [.. state.Accounts.Values.OrderBy(a => a.Sequence)
                    .Select(a => new AccountSnapshot(a.Sid, a.FriendlyName, a.Status, a.OwnerAccountSid, a.DateCreated))],
                [.. state.ApiKeys.Values.OrderBy(k => k.Sequence)
                    .Select(k => new ApiKeySnapshot(k.Sid, k.AccountSid, k.FriendlyName, k.DateCreated))],
                [.. state.Stores.Values.Where(s => s.ExistsAt(now)).OrderBy(s => s.Sequence).Select(s => Snapshot(s, now))],
                [.. state.Configurations.Values.Where(c => c.ExistsAt(now)).OrderBy(c => c.Sequence).Select(c => Snapshot(c, now))],
                [.. state.Operations.Values.OrderBy(o => o.CreatedAt)
                    .Select(o => new OperationSnapshot(o.Id, o.Plane.ToString(), o.AccountSid, o.StatusAt(now), o.ResourceId, o.CreatedAt))]));
        }
    }

    // Everything goes back to start-up: settings, faults, request log, and state with only the parent account.
    private static IResult Reset(EmulatorState state, EmulatorSettings settings, FaultRegistry faults, RequestLog log)
    {
        settings.ResetToStartup();
        faults.Clear();
        log.Clear();
        state.Reset();
        return Results.NoContent();
    }

    private static async Task<IResult> UpdateSettings(HttpContext context, EmulatorSettings settings)
    {
        var (body, error) = await ApiJson.ReadObjectAsync(context.Request);
        if (error is not null) return error;
        var problem = settings.Merge(body!);
        return problem is null ? Json(settings.Current) : ApiError.BadRequest(problem);
    }

    // Accepts one fault object or an array of them.
    private static async Task<IResult> AddFaults(HttpContext context, FaultRegistry registry)
    {
        List<ScriptedFault>? faults;
        try
        {
            var node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            faults = node is JsonArray
                ? node.Deserialize<List<ScriptedFault>>(ApiJson.CamelCase)
                : [node.Deserialize<ScriptedFault>(ApiJson.CamelCase)!];
        }
        catch (JsonException exception)
        {
            return ApiError.BadRequest(exception.Message);
        }

        if (faults is null || faults.Count == 0) return ApiError.BadRequest("Send a fault object or a non-empty array.");
        var problem = faults.Select(f => f.Validate()).FirstOrDefault(p => p is not null);
        if (problem is not null) return ApiError.BadRequest(problem);
        return Json(faults.Select(registry.Add).ToList(), StatusCodes.Status201Created);
    }

    private static IResult ChangeAccount(EmulatorState state, string accountSid, OutOfBandAccountChange change)
    {
        if (change.Status is not null && !AccountStatus.IsValid(change.Status)) return ApiError.BadRequest("status must be active, suspended or closed.");
        lock (state.Sync)
        {
            if (!state.Accounts.TryGetValue(accountSid, out var account)) return ApiError.NotFound($"Account {accountSid} not found");
            account.Status = change.Status ?? account.Status;
            account.FriendlyName = change.FriendlyName ?? account.FriendlyName;
            account.DateUpdated = state.Now;
            return Json(new AccountSnapshot(account.Sid, account.FriendlyName, account.Status, account.OwnerAccountSid, account.DateCreated));
        }
    }

    // Bypasses cap, name uniqueness and all delays: the store exists, ACTIVE and visible, right away.
    private static IResult CreateStore(EmulatorState state, string accountSid, OutOfBandStoreRequest request)
    {
        lock (state.Sync)
        {
            if (!state.Accounts.ContainsKey(accountSid)) return ApiError.NotFound($"Account {accountSid} not found");
            var now = state.Now;
            var store = new MemoryStore
            {
                Id = Ids.NewStoreId(),
                AccountSid = accountSid,
                DisplayName = request.DisplayName,
                Description = request.Description,
                CreatedAt = now,
                VisibleAt = now,
                QueuedUntil = now,
                ActiveAt = now,
                IntelligenceServiceId = Ids.NewIntelligenceServiceId(),
                Sequence = state.NextSequence(),
            };
            state.Stores[store.Id] = store;
            return Json(Snapshot(store, now), StatusCodes.Status201Created);
        }
    }

    private static IResult ChangeStore(EmulatorState state, string storeId, OutOfBandStoreChange change)
    {
        if (change.Status is not null && !StoreStatuses.Contains(change.Status)) return ApiError.BadRequest($"status must be one of {string.Join(", ", StoreStatuses)}");
        lock (state.Sync)
        {
            if (!state.Stores.TryGetValue(storeId, out var store) || !store.ExistsAt(state.Now)) return ApiError.NotFound($"Store {storeId} not found");
            store.ForcedStatus = change.Status ?? store.ForcedStatus;
            store.DisplayName = change.DisplayName ?? store.DisplayName;
            return Json(Snapshot(store, state.Now));
        }
    }

    // Immediate and silent: configurations that used the store keep dangling references, which is the drift.
    private static IResult DeleteStore(EmulatorState state, string storeId)
    {
        lock (state.Sync)
        {
            if (!state.Stores.Remove(storeId)) return ApiError.NotFound($"Store {storeId} not found");
            state.RemoveDataPlane(storeId);
            return Results.NoContent();
        }
    }

    // Everything, visible or not yet, so tests can see where data landed without going through the data plane's rules.
    private static IResult ListProfiles(EmulatorState state, string storeId)
    {
        lock (state.Sync)
        {
            if (!state.Stores.ContainsKey(storeId)) return ApiError.NotFound($"Store {storeId} not found");
            var now = state.Now;
            return Json(state.ProfilesOf(storeId).Select(p => new ProfileSnapshot(
                p.Id,
                p.StoreId,
                p.CreatedAt,
                TraitGroups.Render(p, _ => true),
                p.Identifiers.ToDictionary(i => i.Key, i => (IReadOnlyList<string>)[.. i.Value]),
                [.. p.Observations.OrderBy(o => o.Sequence).Select(o => new MemorySnapshot(o.Render(), o.IsVisibleAt(now)))],
                [.. p.Summaries.OrderBy(o => o.Sequence).Select(o => new MemorySnapshot(o.Render(), o.IsVisibleAt(now)))])).ToList());
        }
    }

    // Ignores the cap: a foreign configuration may push an account past it, as a human in the Console could.
    private static IResult CreateConfiguration(EmulatorState state, string accountSid, OutOfBandConfigurationRequest request)
    {
        var parts = OptionalParts(
            request.ChannelSettings,
            request.StatusCallbacks,
            request.IntelligenceConfigurationIds,
            request.ConversationsV1BridgeServiceId,
            request.TraitExtractionStrategyIds,
            request.ObservationExtractionStrategyIds);
        var problem = ConfigurationRequest.ValidateFields(parts, allowNullChannels: false);
        if (problem is not null) return problem;

        lock (state.Sync)
        {
            if (!state.Accounts.ContainsKey(accountSid)) return ApiError.NotFound($"Account {accountSid} not found");
            var now = state.Now;
            var configuration = new OrchestratorConfiguration
            {
                Id = Ids.NewConfigurationId(),
                AccountSid = accountSid,
                DisplayName = request.DisplayName,
                Description = request.Description ?? "",
                ConversationGroupingType = request.ConversationGroupingType ?? "GROUP_BY_PROFILE",
                MemoryStoreId = request.MemoryStoreId,
                MemoryExtractionEnabled = request.MemoryExtractionEnabled,
                CreatedAt = now,
                UpdatedAt = now,
                VisibleAt = now,
                Sequence = state.NextSequence(),
            };
            ApplyParts(configuration, parts);
            configuration.RecordVoiceTranscription(now);
            state.Configurations[configuration.Id] = configuration;
            return Json(Snapshot(configuration, now), StatusCodes.Status201Created);
        }
    }

    private static IResult ChangeConfiguration(EmulatorState state, string configurationId, OutOfBandConfigurationChange change)
    {
        var parts = OptionalParts(
            change.ChannelSettings,
            change.StatusCallbacks,
            change.IntelligenceConfigurationIds,
            change.ConversationsV1BridgeServiceId,
            change.TraitExtractionStrategyIds,
            change.ObservationExtractionStrategyIds);
        var problem = ConfigurationRequest.ValidateFields(parts, allowNullChannels: false);
        if (problem is not null) return problem;

        lock (state.Sync)
        {
            var now = state.Now;
            if (!state.Configurations.TryGetValue(configurationId, out var configuration) || !configuration.ExistsAt(now))
            {
                return ApiError.NotFound($"Configuration {configurationId} not found");
            }

            configuration.MemoryStoreId = change.MemoryStoreId ?? configuration.MemoryStoreId;
            configuration.MemoryExtractionEnabled = change.MemoryExtractionEnabled ?? configuration.MemoryExtractionEnabled;
            configuration.DisplayName = change.DisplayName ?? configuration.DisplayName;
            ApplyParts(configuration, parts);
            configuration.Version++;
            configuration.UpdatedAt = now;
            configuration.RecordVoiceTranscription(now);
            return Json(Snapshot(configuration, now));
        }
    }

    /// <summary>
    /// The given optional parts in the Conversations API's JSON shape, so they can be checked like a request body.
    /// Absent (null) parts are left out; empty ones become JSON null, meaning "remove".
    /// </summary>
    private static JsonObject OptionalParts(
        JsonObject? channelSettings,
        IReadOnlyList<StatusCallback>? statusCallbacks,
        IReadOnlyList<string>? intelligenceConfigurationIds,
        string? conversationsV1BridgeServiceId,
        IReadOnlyList<string>? traitExtractionStrategyIds,
        IReadOnlyList<string>? observationExtractionStrategyIds)
    {
        static JsonArray? Strings(IReadOnlyList<string> values) => values.Count == 0 ? null : [.. values.Select(v => (JsonNode?)v)];

        var parts = new JsonObject();
        if (channelSettings is not null) parts["channelSettings"] = channelSettings.Count == 0 ? null : channelSettings.DeepClone();
        if (statusCallbacks is not null)
        {
            parts["statusCallbacks"] = statusCallbacks.Count == 0
                ? null
                : new JsonArray([.. statusCallbacks.Select(c => (JsonNode)new JsonObject { ["url"] = c.Url, ["method"] = c.Method })]);
        }

        if (intelligenceConfigurationIds is not null) parts["intelligenceConfigurationIds"] = Strings(intelligenceConfigurationIds);
        if (conversationsV1BridgeServiceId is not null)
        {
            parts["conversationsV1Bridge"] = conversationsV1BridgeServiceId.Length == 0 ? null : new JsonObject { ["serviceId"] = conversationsV1BridgeServiceId };
        }

        if (traitExtractionStrategyIds is not null) parts["traitExtractionStrategyIds"] = Strings(traitExtractionStrategyIds);
        if (observationExtractionStrategyIds is not null) parts["observationExtractionStrategyIds"] = Strings(observationExtractionStrategyIds);
        return parts;
    }

    // Each part present replaces the stored one whole, or removes it when null.
    private static void ApplyParts(OrchestratorConfiguration configuration, JsonObject parts)
    {
        JsonArray? Array(JsonNode? node) => node?.DeepClone().AsArray();

        if (parts.TryGetPropertyValue("channelSettings", out var channels)) configuration.ChannelSettings = channels?.DeepClone().AsObject();
        if (parts.TryGetPropertyValue("statusCallbacks", out var callbacks)) configuration.StatusCallbacks = ConfigurationRequest.NormaliseCallbacks(callbacks);
        if (parts.TryGetPropertyValue("intelligenceConfigurationIds", out var ids)) configuration.IntelligenceConfigurationIds = Array(ids);
        if (parts.TryGetPropertyValue("conversationsV1Bridge", out var bridge)) configuration.ConversationsV1BridgeServiceId = bridge?["serviceId"]?.GetValue<string>();
        if (parts.TryGetPropertyValue("traitExtractionStrategyIds", out var traits)) configuration.TraitExtractionStrategyIds = Array(traits);
        if (parts.TryGetPropertyValue("observationExtractionStrategyIds", out var observations))
        {
            configuration.ObservationExtractionStrategyIds = Array(observations);
        }
    }

    private static IResult DeleteConfiguration(EmulatorState state, string configurationId)
    {
        lock (state.Sync)
        {
            return state.Configurations.Remove(configurationId) ? Results.NoContent() : ApiError.NotFound($"Configuration {configurationId} not found");
        }
    }

    private static StoreSnapshot Snapshot(MemoryStore store, DateTimeOffset now) => new(
        store.Id, store.AccountSid, store.DisplayName, store.Description, store.StatusAt(now), store.CreatedAt,
        store.ForcedStatus is null ? store.ActiveAt : null, store.IsVisibleAt(now), store.DeletedAt is not null);

    private static ConfigurationSnapshot Snapshot(OrchestratorConfiguration configuration, DateTimeOffset now)
    {
        static IReadOnlyList<string>? Strings(JsonArray? values) => values?.Select(v => v!.GetValue<string>()).ToList();

        return new ConfigurationSnapshot(
            configuration.Id,
            configuration.AccountSid,
            configuration.MemoryStoreId,
            configuration.DisplayName,
            configuration.MemoryExtractionEnabled,
            configuration.CreatedAt,
            configuration.UpdatedAt,
            configuration.Version,
            configuration.IsVisibleAt(now),
            configuration.DeletedAt is not null,
            configuration.Description,
            configuration.ConversationGroupingType,
            configuration.ChannelSettings?.DeepClone().AsObject(),
            configuration.StatusCallbacks?.Select(c => new StatusCallback(c!["url"]!.GetValue<string>(), c["method"]!.GetValue<string>())).ToList(),
            Strings(configuration.IntelligenceConfigurationIds),
            configuration.ConversationsV1BridgeServiceId,
            Strings(configuration.TraitExtractionStrategyIds),
            Strings(configuration.ObservationExtractionStrategyIds),
            configuration.VoiceTranscriptionProvisionedAt,
            configuration.VoiceTranscriptionProvisionings);
    }
}
