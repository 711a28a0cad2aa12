using System.Net;
using System.Net.Http.Json;
using System.Text;
using Npgsql;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Reliability;

/// <summary>
/// Generated garbage against every endpoint: bodies, content types, ids and queries, with the inputs that once
/// got through (trailing newlines, control characters, split surrogate pairs, callback URLs into our own
/// network). The service answers 4xx (or a 2xx for input that happens to be valid), never 5xx, keeps serving,
/// and writes no row that breaks a rule.
/// </summary>
[Collection(ProvisioningStackCollection.Name)]
public sealed class FuzzTests(ProvisioningStack stack)
{
    private const int Seed = 20261124;
    private const int Requests = 1200;

    private const string Target = "fuzz-target";

    [Fact]
    public async Task Thousand_generated_malformed_requests_never_get_a_5xx_nor_a_row_that_breaks_a_rule()
    {
        var startedAt = DateTimeOffset.UtcNow;
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = Target });
        await stack.WaitForStatusAsync(Target, TenantStatus.Ready);
        var random = new Random(Seed);
        var failures = new List<string>();
        for (var i = 0; i < Requests; i++)
        {
            var (client, request) = NextRequest(random, i);
            using var _ = request;
            var description = $"{request.Method} {request.RequestUri} {request.Content?.Headers.ContentType} {(request.Content is null ? "" : Truncate(await request.Content.ReadAsStringAsync()))}";
            using var response = await client.SendAsync(request);
            if ((int)response.StatusCode >= 500) failures.Add($"{(int)response.StatusCode}: {description}");
        }

        Assert.True(failures.Count == 0, $"seed {Seed}: {failures.Count} requests got a 5xx, e.g.\n{string.Join('\n', failures.Take(10))}");
        using var health = await stack.ControlPlane.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        await AssertNoRowBreaksARuleAsync(startedAt);
    }

    /// <summary>What valid input may write: clientIds by the rule, public https callbacks, reasons of plain text.</summary>
    private async Task AssertNoRowBreaksARuleAsync(DateTimeOffset since)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using (var tenants = new NpgsqlCommand("SELECT client_id, callback_url FROM tenants WHERE created_at >= $1", connection) { Parameters = { new() { Value = since } } })
        await using (var reader = await tenants.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var clientId = reader.GetString(0);
                Assert.True(TenantRules.IsValidClientId(clientId), $"tenant {clientId} was written");
                if (!reader.IsDBNull(1))
                {
                    var callback = new Uri(reader.GetString(1));
                    Assert.Equal("https", callback.Scheme);
                    Assert.False(callback.IsLoopback || IPAddress.TryParse(callback.IdnHost.Trim('[', ']'), out _), $"tenant {clientId} calls back {callback}");
                }
            }
        }
        await using var reasons = new NpgsqlCommand(
            "SELECT count(*) FROM tenant_events WHERE at >= $1 AND (reason ~ '[[:cntrl:]]' OR length(reason) > 1000)", connection) { Parameters = { new() { Value = since } } };
        Assert.Equal(0L, (long)(await reasons.ExecuteScalarAsync())!);
    }

    private (HttpClient Client, HttpRequestMessage Request) NextRequest(Random random, int i) => (i % 8) switch
    {
        0 or 1 or 2 => (stack.ControlPlane, new HttpRequestMessage(HttpMethod.Post, "/v1/tenants") { Content = Body(random) }),
        // %00 in a path never reaches the app (Kestrel answers 400; the in-memory test server refuses to send it).
        3 => (stack.ControlPlane, new HttpRequestMessage(HttpMethod.Get, "/v1/tenants/" + PathSegment(random))),
        4 => (stack.ControlPlane, new HttpRequestMessage(HttpMethod.Get, "/v1/tenants?" + Query(random))),
        5 => (stack.ControlPlane, MergePatch(random)),
        6 => (stack.Admin, new HttpRequestMessage(HttpMethod.Post, AdminPaths[random.Next(AdminPaths.Length)]) { Content = Body(random) }),
        _ => (stack.Admin, new HttpRequestMessage(random.Next(2) == 0 ? HttpMethod.Delete : HttpMethod.Patch,
            random.Next(2) == 0 ? $"/v1/tenants/{Target}?reason={Uri.EscapeDataString(Hostile(random))}" : "/v1/accounts/" + PathSegment(random)) { Content = Body(random) }),
    };

    private static readonly string[] AdminPaths =
    [
        $"/v1/tenants/{Target}/reprovision", $"/v1/tenants/{Target}/erasure:accept-residual", $"/v1/tenants/{Target}/retry",
        $"/v1/tenants/{Target}/cancel-deletion", "/v1/tenants:retry", "/v1/reconciliations",
    ];

    private static HttpRequestMessage MergePatch(Random random)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/v1/tenants/{Target}") { Content = Body(random) };
        if (random.Next(2) == 0) request.Content.Headers.ContentType = new("application/merge-patch+json");
        if (random.Next(3) == 0) request.Headers.TryAddWithoutValidation("If-Match", Text(random, random.Next(0, 40)).Replace('\0', '0'));
        return request;
    }

    private static string PathSegment(Random random) =>
        Uri.EscapeDataString((random.Next(3) == 0 ? Hostile(random) : Text(random, random.Next(0, 300))).Replace('\0', '0'));

    /// <summary>Inputs that once got a 500 or a row written: each must now be refused.</summary>
    private static string Hostile(Random random)
    {
        string[] values =
        [
            "nl\n", "nl\r\n", "ok\u0000", "tab\there", new string('a', 999) + "\U0001F600", new string('r', 1001),
            "http://127.0.0.1:5080/_emulator/reset", "http://169.254.169.254/latest/meta-data/", "https://10.0.0.1/hook",
            "https://[::1]/hook", "https://localhost/hook", "https://192.168.1.1/", "https://[fd00::1]/", "https://224.0.0.1/",
            "ftp://example.com/", "https://example.com/\n", "javascript:alert(1)", "//evil.example/", "https://user:pass@example.com/",
        ];
        return values[random.Next(values.Length)];
    }

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
        string[] keys =
        [
            "clientId", "displayName", "orchestrator", "conversationGroupingType", "memoryExtractionEnabled", "statusCallbacks", "url", "method",
            "ClientID", "", "__proto__", "clientId\u0000", "callbackUrl", "channels", "type", "addresses", "reason", "mode", "deleteOldStore",
            "storeCapacity", "acceptsTenants", "dryRun", "accountSid",
        ];
        var fields = Enumerable.Range(0, random.Next(0, 5)).Select(_ => $"\"{Escape(keys[random.Next(keys.Length)])}\":{JsonValue(random, depth + 1)}");
        var text = "{" + string.Join(",", fields) + "}";
        // Sometimes break the syntax.
        return random.Next(8) == 0 ? text[..random.Next(text.Length + 1)] : text;
    }

    private static string JsonValue(Random random, int depth) => random.Next(depth > 3 ? 8 : 10) switch
    {
        7 => System.Text.Json.JsonSerializer.Serialize(Hostile(random)),
        0 => "null",
        1 => random.Next(2) == 0 ? "true" : "false",
        2 => random.Next(3) switch { 0 => "1e400", 1 => "-0", _ => random.NextInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) },
        3 => $"\"{Escape(Text(random, random.Next(0, 40)))}\"",
        4 => $"\"{Escape(ClientIdLike(random))}\"",
        5 => $"\"{new string('a', random.Next(20, 70_000))}\"",
        6 => "\"' OR 1=1; DROP TABLE tenants; --\"",
        8 => "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(_ => JsonValue(random, depth + 1))) + "]",
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
