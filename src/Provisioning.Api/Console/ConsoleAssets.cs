using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Provisioning.Api.Console;

/// <summary>
/// The console's stylesheet and script: checked in under Console/Assets, compiled into the assembly (so every image
/// and every test host has them, no Node build and no CDN), served at <c>/admin/assets/{name}?v={hash}</c>. The hash
/// in the URL lets browsers keep them for a year and still never use a stale one.
/// </summary>
public sealed class ConsoleAssets
{
    private const string ResourcePrefix = "console-assets/";

    private readonly Dictionary<string, Asset> _assets = typeof(ConsoleAssets).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .ToDictionary(n => n[ResourcePrefix.Length..], Load, StringComparer.Ordinal);

    public string Url(string name) => $"/admin/assets/{name}?v={_assets[name].Version}";

    public IResult Serve(string name, HttpContext context)
    {
        if (!_assets.TryGetValue(name, out var asset)) return Results.NotFound();
        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Bytes(asset.Content, asset.ContentType, entityTag: new EntityTagHeaderValue($"\"{asset.Version}\""));
    }

    private static Asset Load(string resourceName)
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream(resourceName)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        var contentType = Path.GetExtension(resourceName) switch
        {
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        return new Asset(content, contentType, Convert.ToHexStringLower(SHA256.HashData(content))[..12]);
    }

    private sealed record Asset(byte[] Content, string ContentType, string Version);
}
