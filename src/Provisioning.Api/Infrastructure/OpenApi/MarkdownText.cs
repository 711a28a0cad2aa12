using System.Text.RegularExpressions;

namespace Provisioning.Api.Infrastructure.OpenApi;

/// <summary>
/// Descriptions in the OpenAPI document are CommonMark, in which <c>&lt;clientId&gt;</c> is an HTML tag: the
/// reference at /docs would drop it and read "a Memory Store named client-". Placeholders become code spans.
/// </summary>
public static partial class MarkdownText
{
    public static string? EscapePlaceholders(string? text) => text is null ? null : Placeholder().Replace(text, "`$0`");

    // A word with placeholders (client-<clientId>, client-<id>-retired-<time>, <tenant token>), not already in a code span.
    [GeneratedRegex(@"(?<![`\w])(?:[\w-]*<[A-Za-z][\w .-]*>)+[\w-]*(?![`\w])", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
