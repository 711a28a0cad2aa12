using System.Net;
using System.Text;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Reliability;

/// <summary>
/// Generated garbage against every endpoint: bodies, content types, ids and queries. The service answers
/// 4xx (or a 2xx for input that happens to be valid), never 5xx, and keeps serving.
/// </summary>
[Collection(ProvisioningStackCollection.Name)]
public sealed class FuzzTests(ProvisioningStack stack)
{
    private const int Seed = 20261124;
    private const int Requests = 1200;

    [Fact]
    public async Task Thousand_generated_malformed_requests_never_get_a_5xx()
    {
        var random = new Random(Seed);
        var failures = new List<string>();
        for (var i = 0; i < Requests; i++)
        {
            using var request = NextRequest(random, i);
            var description = $"{request.Method} {request.RequestUri} {request.Content?.Headers.ContentType} {(request.Content is null ? "" : Truncate(await request.Content.ReadAsStringAsync()))}";
            using var response = await stack.ControlPlane.SendAsync(request);
            if ((int)response.StatusCode >= 500) failures.Add($"{(int)response.StatusCode}: {description}");
        }

        Assert.True(failures.Count == 0, $"seed {Seed}: {failures.Count} requests got a 5xx, e.g.\n{string.Join('\n', failures.Take(10))}");
        using var health = await stack.ControlPlane.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static HttpRequestMessage NextRequest(Random random, int i) => (i % 4) switch
    {
        0 or 1 => new HttpRequestMessage(HttpMethod.Post, "/v1/tenants") { Content = Body(random) },
        // %00 in a path never reaches the app (Kestrel answers 400; the in-memory test server refuses to send it).
        2 => new HttpRequestMessage(HttpMethod.Get, "/v1/tenants/" + Uri.EscapeDataString(Text(random, random.Next(0, 300)).Replace('\0', '0'))),
        _ => new HttpRequestMessage(HttpMethod.Get, "/v1/tenants?" + Query(random)),
    };

    private static HttpContent Body(Random random)
    {
        string[] contentTypes = ["application/json", "application/json; charset=utf-8", "text/plain", "application/xml", "application/x-www-form-urlencoded", "application/json; charset=latin1", ""];
        var contentType = contentTypes[random.Next(contentTypes.Length)];
        var bytes = random.Next(10) switch
        {
            0 => RandomBytes(random),
            1 => Encoding.UTF8.GetBytes(Text(random, random.Next(0, 500))),
            2 => Encoding.UTF8.GetBytes(new string('[', random.Next(1, 5000))),
            _ => Encoding.UTF8.GetBytes(JsonObject(random, depth: 0)),
        };
        var content = new ByteArrayContent(bytes);
        if (contentType.Length > 0) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static string JsonObject(Random random, int depth)
    {
        string[] keys = ["clientId", "displayName", "orchestrator", "conversationGroupingType", "memoryExtractionEnabled", "statusCallbacks", "url", "method", "ClientID", "", "__proto__", "clientId\u0000"];
        var fields = Enumerable.Range(0, random.Next(0, 5)).Select(_ => $"\"{Escape(keys[random.Next(keys.Length)])}\":{JsonValue(random, depth + 1)}");
        var text = "{" + string.Join(",", fields) + "}";
        // Sometimes break the syntax.
        return random.Next(8) == 0 ? text[..random.Next(text.Length + 1)] : text;
    }

    private static string JsonValue(Random random, int depth) => random.Next(depth > 3 ? 7 : 9) switch
    {
        0 => "null",
        1 => random.Next(2) == 0 ? "true" : "false",
        2 => random.Next(3) switch { 0 => "1e400", 1 => "-0", _ => random.NextInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) },
        3 => $"\"{Escape(Text(random, random.Next(0, 40)))}\"",
        4 => $"\"{Escape(ClientIdLike(random))}\"",
        5 => $"\"{new string('a', random.Next(20, 70_000))}\"",
        6 => "\"' OR 1=1; DROP TABLE tenants; --\"",
        7 => "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(_ => JsonValue(random, depth + 1))) + "]",
        _ => JsonObject(random, depth),
    };

    private static string ClientIdLike(Random random)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_.ABC é🙂";
        return new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
    }

    private static string Query(Random random)
    {
        string[] names = ["status", "limit", "cursor", "Status", "limit[]", ""];
        return string.Join("&", Enumerable.Range(0, random.Next(0, 5)).Select(_ =>
            Uri.EscapeDataString(names[random.Next(names.Length)]) + "=" + Uri.EscapeDataString(random.Next(3) switch
            {
                0 => random.Next(-5, 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                1 => Text(random, random.Next(0, 100)),
                _ => "Ready",
            })));
    }

    private static string Text(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
            chars[i] = random.Next(6) switch
            {
                0 => (char)random.Next(0, 32),           // control characters
                1 => (char)random.Next(0xD800, 0xE000),  // lone surrogates
                2 => (char)random.Next(0x80, 0xFFFF),
                _ => (char)random.Next(32, 127),
            };
        return new string(chars);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 2000)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"");

    private static string Truncate(string value) => value.Length <= 200 ? value : value[..200] + "…";
}
