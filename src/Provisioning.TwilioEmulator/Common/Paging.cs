using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator;

/// <summary>
/// The two paging styles. Token paging is keyset-based (tokens name the creation sequence of the item at
/// the page edge), so deleting items between page requests neither skips nor repeats the others.
/// </summary>
public static class Paging
{
    private const string AfterPrefix = "after:";
    private const string BeforePrefix = "before:";

    /// <summary>Parses an optional page-size query value within [min, max].</summary>
    public static (int Value, ApiError? Error) ParsePageSize(string? raw, string name, int min, int max, int defaultValue)
    {
        if (string.IsNullOrEmpty(raw)) return (defaultValue, null);
        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? (value, null)
            : (0, ApiError.BadRequest($"{name} must be an integer between {min} and {max}."));
    }

    /// <summary>
    /// A whole token-paged list response (<c>{key: [...], meta}</c>): reads and checks <c>pageSize</c>, <c>pageToken</c>
    /// and <c>orderBy</c> (ASC|DESC by creation sequence, default DESC) as <paramref name="rules"/> say, then cuts the page.
    /// </summary>
    public static IResult TokenList<T>(
        IQueryCollection query, IEnumerable<T> items, Func<T, long> sequence, TokenListRules rules, Func<T, JsonNode> render)
    {
        var (pageSize, sizeError) = ParsePageSize(query["pageSize"], "pageSize", 1, rules.MaxPageSize, rules.DefaultPageSize);
        if (sizeError is not null) return sizeError;
        var orderBy = query["orderBy"].ToString();
        if (orderBy.Length > 0 && orderBy is not ("ASC" or "DESC")) return ApiError.BadRequest("orderBy must be ASC or DESC.");
        var pageToken = query["pageToken"].ToString();
        if (pageToken.Length > rules.MaxPageTokenLength)
        {
            return ApiError.BadRequest($"pageToken must be at most {rules.MaxPageTokenLength} characters.");
        }

        var descending = orderBy != "ASC";
        var ordered = (descending ? items.OrderByDescending(sequence) : items.OrderBy(sequence)).ToList();
        var (page, pageError) = TokenPage(ordered, sequence, descending, Math.Min(pageSize, rules.MaxItemsPerPage), pageToken);
        if (pageError is not null) return pageError;
        return new ApiResponse(StatusCodes.Status200OK, new JsonObject
        {
            [rules.Key] = new JsonArray([.. page!.Items.Select(render)]),
            ["meta"] = TokenMeta(rules.Key, rules.MetaPageSizeIsItemCount ? page.Items.Count : pageSize, page.NextToken, page.PreviousToken),
        });
    }

    /// <summary>
    /// Cuts a page out of <paramref name="ordered"/> (already sorted by sequence in the requested direction).
    /// </summary>
    public static (TokenPage<T>? Page, ApiError? Error) TokenPage<T>(
        IReadOnlyList<T> ordered, Func<T, long> sequence, bool descending, int pageSize, string? pageToken)
    {
        // "Is a positioned after b in this ordering?"
        bool After(long a, long b) => descending ? a < b : a > b;

        int start, end;
        if (string.IsNullOrEmpty(pageToken))
        {
            start = 0;
            end = Math.Min(pageSize, ordered.Count);
        }
        else
        {
            var decoded = DecodeToken(pageToken);
            if (decoded is null) return (null, ApiError.BadRequest("pageToken is invalid."));
            var (forward, edge) = decoded.Value;
            if (forward)
            {
                start = IndexWhere(ordered, item => After(sequence(item), edge), ordered.Count);
                end = Math.Min(start + pageSize, ordered.Count);
            }
            else
            {
                end = IndexWhere(ordered, item => !After(edge, sequence(item)), ordered.Count);
                start = Math.Max(0, end - pageSize);
            }
        }

        var items = ordered.Skip(start).Take(end - start).ToList();
        var next = end < ordered.Count && items.Count > 0 ? EncodeToken(AfterPrefix, sequence(items[^1])) : null;
        var previous = start > 0 && items.Count > 0 ? EncodeToken(BeforePrefix, sequence(items[0])) : null;
        return (new TokenPage<T>(items, next, previous), null);
    }

    /// <summary>The <c>meta</c> object of token-paged lists; tokens are left out when there is no such page.</summary>
    public static JsonObject TokenMeta(string key, int pageSize, string? nextToken, string? previousToken)
    {
        var meta = new JsonObject { ["key"] = key, ["pageSize"] = pageSize };
        if (nextToken is not null) meta["nextToken"] = nextToken;
        if (previousToken is not null) meta["previousToken"] = previousToken;
        return meta;
    }

    /// <summary>
    /// Classic API v2010 paging: <c>PageSize</c> (1–1000, default 50), <c>Page</c>, <c>PageToken</c>
    /// (<c>PA{sid}</c> = after that sid, <c>PB{sid}</c> = before it), and the <c>*_uri</c> fields relative to
    /// https://api.twilio.com that the SDKs follow.
    /// </summary>
    public static (JsonObject? Body, ApiError? Error) ClassicPage<T>(
        IReadOnlyList<T> ordered,
        Func<T, string> sid,
        IQueryCollection query,
        string path,
        string listKey,
        IReadOnlyList<KeyValuePair<string, string>> filters,
        Func<T, JsonNode> render)
    {
        var (pageSize, sizeError) = ParsePageSize(query["PageSize"], "PageSize", 1, 1000, 50);
        if (sizeError is not null) return (null, sizeError);
        var pageNumber = 0;
        if (!string.IsNullOrEmpty(query["Page"])
            && (!int.TryParse(query["Page"], NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) || pageNumber < 0))
        {
            return (null, ApiError.BadRequest("Page must be a non-negative integer."));
        }

        var start = Math.Min(pageNumber * pageSize, ordered.Count);
        var token = query["PageToken"].ToString();
        if (token.Length > 2)
        {
            var edge = IndexWhere(ordered, item => sid(item) == token[2..], -1);
            if (edge >= 0 && token.StartsWith("PA", StringComparison.Ordinal)) start = edge + 1;
            else if (edge >= 0 && token.StartsWith("PB", StringComparison.Ordinal)) start = Math.Max(0, edge - pageSize);
        }

        var items = ordered.Skip(start).Take(pageSize).ToList();
        string PageUri(int page, string? pageToken)
        {
            var parts = filters.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}")
                .Append($"PageSize={pageSize}")
                .Append($"Page={page}");
            if (pageToken is not null) parts = parts.Append($"PageToken={pageToken}");
            return $"{path}?{string.Join('&', parts)}";
        }

        var hasNext = start + items.Count < ordered.Count && items.Count > 0;
        var body = new JsonObject
        {
            [listKey] = new JsonArray([.. items.Select(render)]),
            ["page"] = pageNumber,
            ["page_size"] = pageSize,
            ["start"] = start,
            ["end"] = Math.Max(start, start + items.Count - 1),
            ["uri"] = PageUri(pageNumber, token.Length > 0 ? token : null),
            ["first_page_uri"] = PageUri(0, null),
            ["next_page_uri"] = hasNext ? PageUri(pageNumber + 1, "PA" + sid(items[^1])) : null,
            ["previous_page_uri"] = start > 0 && items.Count > 0 ? PageUri(Math.Max(0, pageNumber - 1), "PB" + sid(items[0])) : null,
        };
        return (body, null);
    }

    /// <summary>A token that names the first page of a token list in the given order (what a list without a token answers).</summary>
    public static string FirstPageToken(bool descending) => EncodeToken(AfterPrefix, descending ? long.MaxValue : 0);

    private static int IndexWhere<T>(IReadOnlyList<T> items, Func<T, bool> predicate, int notFound)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (predicate(items[i])) return i;
        }

        return notFound;
    }

    private static string EncodeToken(string prefix, long sequence) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(prefix + sequence.ToString(CultureInfo.InvariantCulture)));

    private static (bool Forward, long Edge)? DecodeToken(string token)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            return null;
        }

        var forward = text.StartsWith(AfterPrefix, StringComparison.Ordinal);
        if (!forward && !text.StartsWith(BeforePrefix, StringComparison.Ordinal)) return null;
        var number = text[(forward ? AfterPrefix.Length : BeforePrefix.Length)..];
        return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var edge) ? (forward, edge) : null;
    }
}
