using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator;

/// <summary>
/// A fully materialised response (status, headers, JSON body). Kept as data rather than written straight
/// to the wire so that idempotent writes can record it and replay it byte for byte.
/// </summary>
public sealed record ApiResponse(int StatusCode, JsonNode? Body, IReadOnlyDictionary<string, string>? Headers = null) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        if (Body is not null)
        {
            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(Body.ToJsonString(ApiJson.CamelCase), httpContext.RequestAborted);
        }
    }
}
