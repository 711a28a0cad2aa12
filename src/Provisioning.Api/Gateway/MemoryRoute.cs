using System.Text.RegularExpressions;
using Provisioning.Api.Tenants;

namespace Provisioning.Api.Gateway;

/// <summary>
/// One Memory data-plane route (contract §11, §12.3) under a tenant's store, matched against the request's path.
/// The caller never chooses the store: only these routes exist, each segment is a literal or an id in Twilio's own
/// format, and anything else (ControlPlane, a second Stores, dots, percent-encoding, empty segments, absolute URLs,
/// a malformed id) matches nothing, so it answers 404 without a call to Twilio.
/// </summary>
public sealed partial class MemoryRoute
{
    private const string ProfileId = "{profileId}";
    private const string ImportId = "{importId}";
    private const string ObservationId = "{observationId}";
    private const string SummaryId = "{summaryId}";
    private const string IdType = "{idType}";

    private static readonly MemoryRoute[] Routes =
    [
        new("Profiles", (HttpMethods.Get, MemoryScopes.Read), (HttpMethods.Post, MemoryScopes.Write)),
        new("Profiles/Lookup", (HttpMethods.Post, MemoryScopes.Read)),
        new("Profiles/Bulk", (HttpMethods.Put, MemoryScopes.Write)),
        new("Profiles/Imports", (HttpMethods.Get, MemoryScopes.Read), (HttpMethods.Post, MemoryScopes.Write)),
        new($"Profiles/Imports/{ImportId}", (HttpMethods.Get, MemoryScopes.Read)),
        new($"Profiles/{ProfileId}", (HttpMethods.Get, MemoryScopes.Read), (HttpMethods.Patch, MemoryScopes.Write), (HttpMethods.Delete, MemoryScopes.Write)),
        new($"Profiles/{ProfileId}/Traits", (HttpMethods.Get, MemoryScopes.Read)),
        new($"Profiles/{ProfileId}/Identifiers", (HttpMethods.Get, MemoryScopes.Read), (HttpMethods.Post, MemoryScopes.Write)),
        new($"Profiles/{ProfileId}/Identifiers/{IdType}", (HttpMethods.Get, MemoryScopes.Read), (HttpMethods.Patch, MemoryScopes.Write), (HttpMethods.Delete, MemoryScopes.Write)),
        new($"Profiles/{ProfileId}/Observations", (HttpMethods.Get, MemoryScopes.Read), (HttpMethods.Post, MemoryScopes.Write))
            { EncodedBodies = HttpMethods.Post, EncodedAnswers = [HttpMethods.Get, HttpMethods.Post] },
        new($"Profiles/{ProfileId}/Observations/{ObservationId}", (HttpMethods.Get, MemoryScopes.Read), (HttpMethods.Patch, MemoryScopes.Write), (HttpMethods.Delete, MemoryScopes.Write)),
        new($"Profiles/{ProfileId}/Observations/{ObservationId}/Revisions", (HttpMethods.Get, MemoryScopes.Read)) { EncodedAnswers = [HttpMethods.Get] },
        new($"Profiles/{ProfileId}/ConversationSummaries", (HttpMethods.Get, MemoryScopes.Read), (HttpMethods.Post, MemoryScopes.Write))
            { EncodedBodies = HttpMethods.Post, EncodedAnswers = [HttpMethods.Get, HttpMethods.Post] },
        new($"Profiles/{ProfileId}/ConversationSummaries/{SummaryId}", (HttpMethods.Get, MemoryScopes.Read), (HttpMethods.Patch, MemoryScopes.Write), (HttpMethods.Delete, MemoryScopes.Write)),
        // Recall and Lookup only read, though they are POSTs.
        new($"Profiles/{ProfileId}/Recall", (HttpMethods.Post, MemoryScopes.Read)) { EncodedBodies = HttpMethods.Post, EncodedAnswers = [HttpMethods.Post] },
    ];

    /// <summary>The content codings Twilio takes on the requests that take one (contract §11, P15).</summary>
    public static readonly IReadOnlySet<string> ContentCodings = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "gzip", "deflate", "br", "compress" };

    private readonly string[] _segments;
    private readonly Dictionary<string, string> _scopeByMethod;

    private MemoryRoute(string template, params (string Method, string Scope)[] methods)
    {
        Template = template;
        _segments = template.Split('/');
        _scopeByMethod = methods.ToDictionary(m => m.Method, m => m.Scope, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The route as written in §11 and §12.3, for metrics and logs (ids left as placeholders).</summary>
    public string Template { get; }

    public IEnumerable<string> Methods => _scopeByMethod.Keys;

    /// <summary>The scope a token needs for <paramref name="method"/> on this route; null when the route has no such method.</summary>
    public string? ScopeFor(string method) => _scopeByMethod.GetValueOrDefault(method);

    /// <summary>The method whose request body Twilio takes compressed (<c>Content-Encoding</c>, P15); null for none.</summary>
    private string? EncodedBodies { get; init; }

    /// <summary>The methods whose answer the caller may ask compressed (<c>Accept-Encoding</c>, P15).</summary>
    private string[] EncodedAnswers { get; init; } = [];

    /// <summary>
    /// Whether the caller's <c>Accept-Encoding</c> goes to Twilio: only where P15 lists it, and only as the spec allows
    /// it (at most 200 characters of <c>[a-zA-Z0-9, .-]</c>). Otherwise it stays behind and Twilio answers uncompressed,
    /// which every caller can read. Whatever Twilio answers comes back byte for byte with its <c>Content-Encoding</c>.
    /// </summary>
    public bool ForwardsAcceptEncoding(string method, Microsoft.Extensions.Primitives.StringValues acceptEncoding) =>
        EncodedAnswers.Contains(method, StringComparer.OrdinalIgnoreCase)
        && acceptEncoding.Count == 1 && AcceptEncodingPattern().IsMatch(acceptEncoding.ToString());

    /// <summary>
    /// Whether a request body labelled <paramref name="contentEncoding"/> may go to Twilio: an unlabelled body
    /// always; a compressed one only in one of <see cref="ContentCodings"/>, and only where Twilio takes one.
    /// The body passes as the caller sent it, so its label must pass too (or the request not at all).
    /// </summary>
    public bool TakesContentEncoding(string method, Microsoft.Extensions.Primitives.StringValues contentEncoding) =>
        contentEncoding.Count == 0
        || (contentEncoding.Count == 1 && ContentCodings.Contains(contentEncoding.ToString().Trim())
            && string.Equals(EncodedBodies, method, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The route of <paramref name="rawTarget"/> (the request's path, query included) under
    /// <c>/v1/tenants/{clientId}/memory/</c>, with the path and query to send under the store; null when none matches.
    /// </summary>
    public static (MemoryRoute Route, string PathAndQuery)? Match(string clientId, string rawTarget)
    {
        if (!TenantRules.IsValidClientId(clientId)) return null;
        var queryAt = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = queryAt < 0 ? rawTarget : rawTarget[..queryAt];
        var prefix = $"/v1/tenants/{clientId}/memory/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal)) return null;

        var segments = path[prefix.Length..].Split('/');
        if (!segments.All(s => PlainSegment().IsMatch(s))) return null;
        var route = Routes.FirstOrDefault(r => r.Matches(segments));
        return route is null ? null : (route, path[prefix.Length..] + (queryAt < 0 ? "" : rawTarget[queryAt..]));
    }

    private bool Matches(string[] segments) =>
        segments.Length == _segments.Length && _segments.Zip(segments).All(p => p.First switch
        {
            ProfileId => ProfileIdPattern().IsMatch(p.Second),
            ImportId => ImportIdPattern().IsMatch(p.Second),
            ObservationId => ObservationIdPattern().IsMatch(p.Second),
            SummaryId => SummaryIdPattern().IsMatch(p.Second),
            IdType => p.Second.Length is >= 2 and <= 30,
            var literal => string.Equals(literal, p.Second, StringComparison.Ordinal),
        });

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PlainSegment();

    /// <summary>Twilio's profile id (§11).</summary>
    [GeneratedRegex(@"^mem_profile_[0-7][0-9a-z]{25}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ProfileIdPattern();

    [GeneratedRegex(@"^mem_import_[0-7][0-9a-z]{25}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ImportIdPattern();

    [GeneratedRegex(@"^mem_observation_[0-7][0-9a-z]{25}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ObservationIdPattern();

    [GeneratedRegex(@"^mem_summary_[0-7][0-9a-z]{25}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SummaryIdPattern();

    /// <summary>The spec's <c>Accept-Encoding</c> parameter (P15).</summary>
    [GeneratedRegex(@"^[a-zA-Z0-9, .-]{1,200}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AcceptEncodingPattern();
}
