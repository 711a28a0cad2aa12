using Provisioning.TwilioEmulator.Accounts;

namespace Provisioning.TwilioEmulator.Admin;

/// <summary>
/// <c>/_emulator/operations</c>: lets a test make time pass for operations. Twilio keeps an operation queryable for 7 days
/// after it ended (contract §12 P5); expiring one now shows a client what it meets a week later: 404, code 520052.
/// </summary>
public static class OperationAdminEndpoints
{
    public static void MapOperationAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var operations = routes.MapGroup(EmulatorPaths.AdminPrefix + "/operations");
        operations.MapPost("/{operationId}/expire", ExpireOne);
        operations.MapPost("/expire", ExpireEnded);
    }

    // Only an operation that has ended can expire: Twilio counts the 7 days from completion.
    private static IResult ExpireOne(EmulatorState state, string operationId)
    {
        lock (state.Sync)
        {
            if (!state.Operations.TryGetValue(operationId, out var operation)) return ApiError.NotFound($"Operation {operationId} not found");
            var now = state.Now;
            if (!operation.IsTerminalAt(now)) return ApiError.Conflict($"Operation {operationId} is still {operation.StatusAt(now)}; only an ended operation expires.");
            operation.Expired = true;
            return Results.NoContent();
        }
    }

    /// <summary>Every operation that has ended expires; answers how many.</summary>
    private static IResult ExpireEnded(EmulatorState state)
    {
        lock (state.Sync)
        {
            var now = state.Now;
            var ended = state.Operations.Values.Where(o => o.IsTerminalAt(now) && !o.Expired).ToList();
            foreach (var operation in ended) operation.Expired = true;
            return Results.Json(new { expired = ended.Count }, ApiJson.CamelCase);
        }
    }
}
