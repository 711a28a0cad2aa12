using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator;

/// <summary>
/// Starting, announcing (202) and fetching asynchronous operations. Memory and Conversations share all of
/// it and differ only in how an operation is rendered, which each feature passes in.
/// </summary>
public static class Operations
{
    /// <summary>Registers a new operation. The caller must hold the state lock.</summary>
    public static Operation Start(
        EmulatorState state,
        ControlPlane plane,
        string accountSid,
        int durationMs,
        string? resourceId,
        OperationFailure? failure = null,
        bool resourceIdHidden = false,
        string? resultUrl = null)
    {
        var now = state.Now;
        var operation = new Operation
        {
            Id = plane == ControlPlane.Memory ? Ids.NewMemoryOperationId() : Ids.NewConversationsOperationId(),
            Plane = plane,
            AccountSid = accountSid,
            CreatedAt = now,
            CompletesAt = now.AddMilliseconds(durationMs),
            ResourceId = resourceId,
            ResourceIdHidden = resourceIdHidden,
            ResultUrl = resultUrl,
            Failure = failure,
        };
        state.Operations[operation.Id] = operation;
        return operation;
    }

    /// <summary>The 202 of §1.4: body plus <c>statusUrl</c>, and Operation-Id, Location and Retry-After headers.</summary>
    public static ApiResponse Accepted(EmulatorState state, Operation operation, JsonObject body)
    {
        body["statusUrl"] = operation.StatusUrl;
        return new ApiResponse(StatusCodes.Status202Accepted, body, new Dictionary<string, string>
        {
            ["Operation-Id"] = operation.Id,
            ["Location"] = operation.StatusUrl,
            ["Retry-After"] = state.Settings.Current.RetryAfterSeconds.ToString(),
        });
    }

    /// <summary>
    /// GET …/Operations/{id}: only the owning account can see an operation, and only until
    /// <see cref="EmulatorOptions.OperationRetentionHours"/> after it ended (or an admin expired it). Memory answers an
    /// unknown or expired id with 404 code 520052 (§12 P5); Conversations with the generic 404.
    /// </summary>
    public static IResult Fetch(
        EmulatorState state, ControlPlane plane, string accountSid, string operationId, Func<Operation, DateTimeOffset, JsonObject> render)
    {
        lock (state.Sync)
        {
            if (!state.Operations.TryGetValue(operationId, out var operation)
                || operation.Plane != plane
                || operation.AccountSid != accountSid
                || IsExpiredAt(operation, state.Now, state.Settings.Current.OperationRetentionHours))
            {
                return plane == ControlPlane.Memory
                    ? ApiError.OperationNotFound(operationId)
                    : ApiError.NotFound($"The requested resource /Operations/{operationId} was not found");
            }

            return new ApiResponse(StatusCodes.Status200OK, render(operation, state.Now), new Dictionary<string, string>
            {
                ["Operation-Id"] = operation.Id,
                ["Retry-After"] = state.Settings.Current.RetryAfterSeconds.ToString(),
            });
        }
    }

    /// <summary>Ended more than the retention ago, or expired by an admin; a running operation never expires.</summary>
    public static bool IsExpiredAt(Operation operation, DateTimeOffset now, int retentionHours) =>
        operation.IsTerminalAt(now) && (operation.Expired || now >= operation.CompletesAt.AddHours(retentionHours));

    public static string? CompletedAt(Operation operation, DateTimeOffset now) =>
        operation.IsTerminalAt(now) ? ApiJson.Iso8601(operation.CompletesAt) : null;
}
