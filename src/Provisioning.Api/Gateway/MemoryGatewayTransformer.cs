using Provisioning.Api.Twilio;
using Yarp.ReverseProxy.Forwarder;

namespace Provisioning.Api.Gateway;

/// <summary>
/// Turns a gateway request into the Twilio request for the tenant's store: the target fixed by the service,
/// the tenant account's credentials instead of the caller's, and only the headers the data plane uses (the
/// caller's API key or token never reaches Twilio). On the way back, a <c>Location</c> into the store is
/// rewritten to the gateway's path; one that points anywhere else is dropped.
/// </summary>
public sealed class MemoryGatewayTransformer(Uri target, TwilioCredentials credentials, string storePath, string gatewayPath) : HttpTransformer
{
    private static readonly HashSet<string> ForwardedRequestHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Accept", "Accept-Language", "If-Match", "If-None-Match", "Idempotency-Key", "I-Twilio-Idempotency-Token", "User-Agent",
        "traceparent", "tracestate",
    };

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        foreach (var name in proxyRequest.Headers.Select(h => h.Key).Where(n => !ForwardedRequestHeaders.Contains(n)).ToList())
            proxyRequest.Headers.Remove(name);
        proxyRequest.RequestUri = target;
        proxyRequest.Headers.Host = null;
        proxyRequest.Headers.Authorization = credentials.ToAuthorizationHeader();
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var copied = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        var location = httpContext.Response.Headers.Location.ToString();
        if (location.Length > 0)
        {
            var path = Uri.TryCreate(location, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : location;
            if (path.StartsWith(storePath, StringComparison.Ordinal)) httpContext.Response.Headers.Location = gatewayPath + path[storePath.Length..];
            else httpContext.Response.Headers.Remove("Location");
        }
        return copied;
    }
}
