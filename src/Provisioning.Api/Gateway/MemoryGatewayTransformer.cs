using Microsoft.Extensions.Primitives;
using Provisioning.Api.Twilio;
using Yarp.ReverseProxy.Forwarder;

namespace Provisioning.Api.Gateway;

/// <summary>
/// Turns a gateway request into the Twilio request for the tenant's store, and Twilio's answer into ours. Headers
/// pass by allow-list both ways. To Twilio: the target fixed by the service, the tenant account's credentials
/// instead of the caller's, and only the headers the data plane uses (the caller's API key, token, cookies and
/// content metadata never reach Twilio). Back: the body's own headers, <c>ETag</c>, <c>Retry-After</c>, Twilio's
/// request id and <c>Canonical-Profile-Id</c>; whatever else Twilio's edge adds (cookies, links, CORS, its own
/// challenges) would speak for the service's origin and is dropped. A <c>Location</c> into the store is rewritten
/// to the gateway's path; one that points anywhere else is dropped. Bodies pass as they are, compressed or not, with
/// their <c>Content-Encoding</c> (never decoded, so never a decoded body with the header, P15); <c>Accept-Encoding</c>
/// goes to Twilio only where <paramref name="forwardAcceptEncoding"/> (P15 lists it there). An error answer that
/// <see cref="InterceptedTwilioError"/> names is not passed on: it is kept in <see cref="Intercepted"/> for the gateway
/// to answer in its own words.
/// </summary>
public sealed class MemoryGatewayTransformer(Uri target, TwilioCredentials credentials, string storePath, string gatewayPath, bool forwardAcceptEncoding = false)
    : HttpTransformer
{
    private static readonly HashSet<string> ForwardedRequestHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Accept", "Accept-Language", "If-Match", "If-None-Match", "Idempotency-Key", "I-Twilio-Idempotency-Token", "User-Agent",
        "traceparent", "tracestate",
    };

    /// <summary>What describes the body; <c>Content-Encoding</c> only as <see cref="MemoryRoute.TakesContentEncoding"/> allowed it.</summary>
    private static readonly HashSet<string> ForwardedContentHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Length", "Content-Encoding",
    };

    private static readonly HashSet<string> ReturnedResponseHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        // The body passes as Twilio sent it (no decompression), so its coding must come with it.
        "Content-Type", "Content-Length", "Content-Encoding",
        "ETag", "Retry-After", "Twilio-Request-Id", "Canonical-Profile-Id", "Location",
    };

    /// <summary>The Twilio error this answer was, when the gateway is to answer it itself; null when it passed through.</summary>
    public InterceptedTwilioError? Intercepted { get; private set; }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        foreach (var name in proxyRequest.Headers.Select(h => h.Key)
                     .Where(n => !ForwardedRequestHeaders.Contains(n) && !(forwardAcceptEncoding && string.Equals(n, "Accept-Encoding", StringComparison.OrdinalIgnoreCase))).ToList())
            proxyRequest.Headers.Remove(name);
        if (proxyRequest.Content is { } content)
        {
            foreach (var name in content.Headers.Select(h => h.Key).Where(n => !ForwardedContentHeaders.Contains(n)).ToList())
                content.Headers.Remove(name);
        }
        proxyRequest.RequestUri = target;
        proxyRequest.Headers.Host = null;
        proxyRequest.Headers.Authorization = credentials.ToAuthorizationHeader();
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is null) return false;
        if (await InterceptAsync(proxyResponse, cancellationToken) is { } intercepted)
        {
            Intercepted = intercepted;
            return false;
        }

        // Not the base's copy of everything: only the allowed headers are added, and headers the service set itself stay.
        var headers = httpContext.Response.Headers;
        foreach (var (name, values) in proxyResponse.Headers.Concat(proxyResponse.Content.Headers))
        {
            if (ReturnedResponseHeaders.Contains(name)) headers[name] = StringValues.Concat(headers[name], values.ToArray());
        }
        // RFC 9112 §6.3: with Transfer-Encoding, a Content-Length is not to be trusted nor passed on.
        if (proxyResponse.Headers.TransferEncoding.Count > 0) headers.ContentLength = null;

        var location = headers.Location.ToString();
        if (location.Length > 0)
        {
            var path = Uri.TryCreate(location, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : location;
            if (path.StartsWith(storePath, StringComparison.Ordinal)) headers.Location = gatewayPath + path[storePath.Length..];
            else headers.Remove("Location");
        }
        return true;
    }

    /// <summary>
    /// Reads an uncompressed JSON error answer of at most <see cref="InterceptedTwilioError.MaxInspectedBodyBytes"/>
    /// (buffered, so that it still passes on whole when it is not intercepted), and names it when the gateway answers it.
    /// </summary>
    private static async Task<InterceptedTwilioError?> InterceptAsync(HttpResponseMessage answer, CancellationToken cancellationToken)
    {
        var status = (int)answer.StatusCode;
        var content = answer.Content.Headers;
        if (status < 400 || content.ContentEncoding.Count > 0 || content.ContentLength > InterceptedTwilioError.MaxInspectedBodyBytes
            || content.ContentType?.MediaType is not { } mediaType || !mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
            return null;
        await answer.Content.LoadIntoBufferAsync(InterceptedTwilioError.MaxInspectedBodyBytes, cancellationToken);
        return InterceptedTwilioError.Read(await answer.Content.ReadAsByteArrayAsync(cancellationToken)) is var (code, message)
               && InterceptedTwilioError.IsIntercepted(status, code)
            ? new InterceptedTwilioError(status, code, message)
            : null;
    }

    /// <summary>The data plane sends no trailers; none that Twilio's edge might add reach the caller.</summary>
    public override ValueTask TransformResponseTrailersAsync(HttpContext httpContext, HttpResponseMessage proxyResponse, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;
}
