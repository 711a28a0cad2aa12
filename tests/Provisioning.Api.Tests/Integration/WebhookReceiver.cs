using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Provisioning.Api.Webhooks;

namespace Provisioning.Api.Tests.Integration;

/// <summary>
/// A control plane's webhook endpoint on a real loopback port: it verifies each signature the way the README
/// tells receivers to, and can be told to fail its next requests; <c>/redirect</c> answers 302 to <c>/redirect-target</c>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresLeft;
    private volatile string? _failOnly;

    private WebhookReceiver(WebApplication app, string secret)
    {
        _app = app;
        Secret = secret;
        app.Use(async (context, next) =>
        {
            RequestPaths.Enqueue(context.Request.Path.Value ?? "");
            await next(context);
        });
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var valid = WebhookSignature.Verify(secret, request.Headers[WebhookSignature.TimestampHeader].ToString(),
                request.Headers[WebhookSignature.SignatureHeader].ToString(), body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
            // Only the deliveries the test means fail: another tenant's webhook arriving meanwhile must not use one up.
            var failing = (_failOnly is not { } only || body.Contains(only, StringComparison.Ordinal)) && Interlocked.Decrement(ref _failuresLeft) >= 0;
            Received.Enqueue(new ReceivedWebhook(body, valid, failing, request.Headers["X-Provisioning-Delivery"].ToString()));
            return failing ? Results.StatusCode(500) : valid ? Results.NoContent() : Results.Unauthorized();
        });
        app.MapPost("/redirect", () => Results.Redirect(UrlOf("/redirect-target")));
        app.Map("/redirect-target", () => Results.NoContent());
    }

    public string Secret { get; }
    public string Url { get; private set; } = "";
    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>The path of every request that reached the receiver, whatever it asked for.</summary>
    public ConcurrentQueue<string> RequestPaths { get; } = new();

    public string UrlOf(string path) => Url.Replace("/hooks", path, StringComparison.Ordinal);

    public static async Task<WebhookReceiver> StartAsync(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build(), secret);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/hooks";
        return receiver;
    }

    /// <summary>The next <paramref name="count"/> requests (whose body contains <paramref name="onlyBodiesContaining"/>, when given) are answered 500.</summary>
    public void FailNext(int count, string? onlyBodiesContaining = null)
    {
        _failOnly = onlyBodiesContaining;
        Volatile.Write(ref _failuresLeft, count);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
