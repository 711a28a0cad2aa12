using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;

namespace Provisioning.TwilioEmulator;

/// <summary>Serialisation conventions of the three APIs and of the admin API.</summary>
public static class ApiJson
{
    /// <summary>API v2010 responses: snake_case, nulls kept (Twilio sends explicit nulls there).</summary>
    public static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Memory and Conversations control planes, and the admin API: camelCase, nulls left out.</summary>
    public static readonly JsonSerializerOptions CamelCase = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        // Keep '+', '&' and quotes readable ("+0000", "?a=1&b=2"); the output never lands in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static JsonNode ToNode<T>(T value, JsonSerializerOptions options) =>
        JsonSerializer.SerializeToNode(value, options) ?? throw new InvalidOperationException("null JSON");

    /// <summary>ISO 8601 as in the Memory and Conversations examples: <c>2025-11-14T20:29:21Z</c>.</summary>
    public static string Iso8601(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 2822 as API v2010 uses it: <c>Thu, 30 Jul 2015 20:00:00 +0000</c>.</summary>
    public static string Rfc2822(DateTimeOffset value) =>
        value.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    /// <summary>Reads a JSON object body. An empty body counts as <c>{}</c> (M4 allows omitting it).</summary>
    public static async Task<(JsonObject? Body, ApiError? Error)> ReadObjectAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(text)) return (new JsonObject(), null);
        try
        {
            return JsonNode.Parse(text) is JsonObject body
                ? (body, null)
                : (null, ApiError.BadRequest("The request body must be a JSON object."));
        }
        catch (JsonException exception)
        {
            return (null, ApiError.BadRequest($"The request body is not valid JSON: {exception.Message}"));
        }
    }
}
