namespace Provisioning.Api.Infrastructure;

/// <summary>Text as the database keeps it.</summary>
public static class Text
{
    /// <summary>
    /// At most <paramref name="maxLength"/> UTF-16 units, cut on a character boundary: a surrogate pair split in
    /// two is not valid text, and PostgreSQL refuses to store it.
    /// </summary>
    public static string? Truncate(string? text, int maxLength)
    {
        if (text is null || text.Length <= maxLength) return text;
        var end = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return text[..end];
    }

    /// <summary>Whether the text has a control character (a newline, a NUL, an escape): never wanted in a name, a reason or a URL.</summary>
    public static bool HasControlCharacters(string? text) => text is not null && text.Any(char.IsControl);
}
