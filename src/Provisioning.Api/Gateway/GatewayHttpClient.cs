using System.Diagnostics;
using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace Provisioning.Api.Gateway;

/// <summary>
/// The one connection pool the gateway forwards through, as YARP recommends: no proxy, no redirects (a
/// redirect is the caller's to follow), no cookies, no decompression (bodies pass through as Twilio sent them).
/// </summary>
public sealed class GatewayHttpClient : IDisposable
{
    public HttpMessageInvoker Invoker { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        ConnectTimeout = TimeSpan.FromSeconds(15),
    });

    public void Dispose() => Invoker.Dispose();
}
