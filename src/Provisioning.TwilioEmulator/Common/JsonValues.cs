using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Provisioning.TwilioEmulator;

/// <summary>Type checks on request JSON that tell a missing or mistyped value apart without throwing.</summary>
public static partial class JsonValues
{
    public static bool IsString(JsonNode? node, out string value)
    {
        var isString = node is not null && node.GetValueKind() == JsonValueKind.String;
        value = isString ? node!.GetValue<string>() : "";
        return isString;
    }

    public static bool IsInteger(JsonNode? node, out long value)
    {
        value = 0;
        return node is JsonValue number && number.GetValueKind() == JsonValueKind.Number && number.TryGetValue(out value);
    }

    public static bool IsNumber(JsonNode? node, out double value)
    {
        value = 0;
        return node is JsonValue number && number.GetValueKind() == JsonValueKind.Number && number.TryGetValue(out value);
    }

    /// <summary>An RFC 3339 date-time (<c>2025-01-15T10:15:30Z</c>, fractions and offsets allowed), as the specs' <c>format: date-time</c>.</summary>
    public static bool IsDateTime(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is not null
            && DateTimePattern().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out value);
    }

    public static bool IsDateTime(JsonNode? node, out DateTimeOffset value)
    {
        value = default;
        return IsString(node, out var text) && IsDateTime(text, out value);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})\z")]
    private static partial Regex DateTimePattern();
}
