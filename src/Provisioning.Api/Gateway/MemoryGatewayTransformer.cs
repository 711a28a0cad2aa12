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
/// to the gateway's path; one that points anywhere else is dropped.
/// </summary>
public sealed class MemoryGatewayTransformer(Uri target, TwilioCredentials credentials, string storePath, string gatewayPath) : HttpTransformer
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

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        foreach (var name in proxyRequest.Headers.Select(h => h.Key).Where(n => !ForwardedRequestHeaders.Contains(n)).ToList())
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

    public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is null) return ValueTask.FromResult(false);

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
        return ValueTask.FromResult(true);
    }

    /// <summary>The data plane sends no trailers; none that Twilio's edge might add reach the caller.</summary>
    public override ValueTask TransformResponseTrailersAsync(HttpContext httpContext, HttpResponseMessage proxyResponse, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;
}
