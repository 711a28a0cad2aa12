using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator;

/// <summary>
/// A Twilio error response, rendered in the classic shape <c>{code, message, more_info, status}</c> (contract §1.3
/// recommendation; the C# SDK loses the message of RFC 9457 bodies), or, for Conversations (<c>/v2/</c>) answers when
/// <see cref="EmulatorOptions.OrchestratorErrorShape"/> says so, in the troubleshooting page's shape (§12 P23).
/// </summary>
public sealed record ApiError(int Status, int Code, string Message) : IResult
{
    /// <summary>Extra response headers such as Retry-After or X-Conflicting-Resource-Id.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static ApiError BadRequest(string message) => new(400, 400, message);

    public static ApiError Unauthorized() => new(401, 20003, "Authenticate");

    public static ApiError Forbidden(string message, int code = 403) => new(403, code, message);

    public static ApiError NotFound(string message) => new(404, 20404, message);

    public static ApiError Conflict(string message, string? conflictingResourceId = null) => new(409, 20409, message)
    {
        Headers = conflictingResourceId is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["X-Conflicting-Resource-Id"] = conflictingResourceId },
    };

    /// <summary>405 with Twilio's code 20004 and the <c>Allow</c> header listing what the resource does take.</summary>
    public static ApiError MethodNotAllowed(string message, string allowedMethods) => new(405, 20004, message)
    {
        Headers = new Dictionary<string, string> { ["Allow"] = allowedMethods },
    };

    public static ApiError PreconditionFailed(string message) => new(412, 412, message);

    /// <summary>520045 "Memory store already exists" (§12 P1): display names are unique per account.</summary>
    public static ApiError DuplicateStoreName(int status, string displayName, string existingStoreId) =>
        new(status, 520045, $"A memory store with the same display name '{displayName}' already exists on this account. Display names are unique per account.")
        {
            Headers = new Dictionary<string, string> { ["X-Conflicting-Resource-Id"] = existingStoreId },
        };

    /// <summary>520042 "Store record exists but its status is not ACTIVE" (§12 P3); Twilio documents no status, 409 is ours.</summary>
    public static ApiError StoreNotActive(string storeId, string status) =>
        new(400, 520042, $"Store record exists but its status is not ACTIVE: Memory Store {storeId} is {status} and cannot serve requests. If provisioning failed, delete the store and create a new one.");

    /// <summary>520052 "Operation not found" (§12 P5): a wrong id, or one completed more than the retention ago.</summary>
    public static ApiError OperationNotFound(string operationId) =>
        new(404, 520052, $"Operation {operationId} not found. Operations are queryable for 7 days after completion.");

    /// <summary>An error for an arbitrary status, with the Twilio code the specs pair with it (429 → 20429 ...).</summary>
    public static ApiError ForStatus(int status, int retryAfterSeconds)
    {
        var code = status switch
        {
            401 => 20003,
            404 => 20404,
            409 => 20409,
            429 => 20429,
            500 => 20500,
            503 => 20503,
            _ => status,
        };
        var message = status switch
        {
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            503 => "Service Unavailable",
            _ => $"Emulated error {status}",
        };
        var error = new ApiError(status, code, message);
        // Throttling and unavailability are the statuses clients are expected to retry after a pause.
        return status is 429 or 503
            ? error with { Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString() } }
            : error;
    }

    public string MoreInfo => $"https://www.twilio.com/docs/errors/{Code}";

    public JsonObject ToJson() => new()
    {
        ["code"] = Code,
        ["message"] = Message,
        ["more_info"] = MoreInfo,
        ["status"] = Status,
    };

    /// <summary>Orchestrator's troubleshooting shape: no <c>status</c> or <c>more_info</c>; <c>userError</c> for 4xx.</summary>
    public JsonObject ToTroubleshootingJson() => new()
    {
        ["code"] = Code,
        ["httpStatusCode"] = Status,
        ["message"] = Message,
        ["userError"] = Status is >= 400 and < 500,
        ["params"] = new JsonObject(),
    };

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var settings = httpContext.RequestServices.GetService<EmulatorSettings>()?.Current;
        var troubleshooting = settings?.OrchestratorErrorShape == OrchestratorErrorShape.Troubleshooting
                              && httpContext.Request.Path.StartsWithSegments("/v2", StringComparison.OrdinalIgnoreCase);
        return (troubleshooting ? new ApiResponse(Status, ToTroubleshootingJson(), Headers) : ToResponse()).ExecuteAsync(httpContext);
    }

    public ApiResponse ToResponse() => new(Status, ToJson(), Headers);
}
