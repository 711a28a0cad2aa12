using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using MemoryAgent;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator;

namespace Provisioning.Api.Tests.Gateway;

/// <summary>
/// Headers pass the gateway by allow-list, both ways: the caller's cookies and content metadata never reach Twilio,
/// and what Twilio's edge adds (cookies, links, CORS, its own challenges) never lands on the service's origin.
/// </summary>
public sealed class GatewayHeaderTests(GatewayHeaderTests.EdgeHeadersStack stack) : IClassFixture<GatewayHeaderTests.EdgeHeadersStack>
{
    /// <summary>The emulator answers with the kind of headers Twilio's edge adds to every answer.</summary>
    public sealed class EdgeHeadersStack : ProvisioningStack
    {
        protected override void ConfigureEmulator(EmulatorOptions emulator)
        {
            base.ConfigureEmulator(emulator);
            emulator.ResponseHeaders = new Dictionary<string, string>
            {
                ["Twilio-Request-Id"] = "RQ0123456789abcdef0123456789abcdef",
                ["Set-Cookie"] = "twilio_session=abc; Path=/",
                ["Link"] = "<https://memory.twilio.com/v1/Stores>; rel=\"up\"",
                ["Access-Control-Allow-Origin"] = "*",
                ["Access-Control-Allow-Credentials"] = "true",
                ["WWW-Authenticate"] = "Basic realm=\"Twilio API\"",
                ["Strict-Transport-Security"] = "max-age=0",
                ["X-Powered-By"] = "AT-5000",
            };
        }
    }

    [Fact]
    public async Task Only_content_headers_ETag_Retry_After_and_Twilios_request_id_come_back()
    {
        await stack.ReadyTenantAsync("hdr-a");
        using var asA = stack.WithToken(await stack.TokenAsync("hdr-a", "memory:read"));

        using var response = await asA.GetAsync("/v1/tenants/hdr-a/memory/Profiles");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("RQ0123456789abcdef0123456789abcdef", response.Headers.GetValues("Twilio-Request-Id").Single());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        string[] dropped = ["Set-Cookie", "Link", "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "WWW-Authenticate", "Strict-Transport-Security", "X-Powered-By"];
        foreach (var name in dropped)
            Assert.False(response.Headers.NonValidated.Contains(name) || response.Content.Headers.NonValidated.Contains(name), $"{name} came back from Twilio");
    }

    [Fact]
    public async Task The_callers_cookies_and_content_metadata_never_reach_Twilio()
    {
        var a = await stack.ReadyTenantAsync("hdr-b");
        using var asA = stack.WithToken(await stack.TokenAsync("hdr-b", "memory:read"));
        var since = await stack.Emulator.GetLastRequestSequenceAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tenants/hdr-b/memory/Profiles/Lookup")
        {
            Content = JsonContent.Create(new { idType = "phone", value = "+15550100003" }),
        };
        request.Headers.TryAddWithoutValidation("Cookie", "console_session=secret");
        request.Headers.TryAddWithoutValidation("Origin", "https://evil.example");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "evil.example");
        request.Content.Headers.TryAddWithoutValidation("Content-Location", "/elsewhere");
        request.Content.Headers.TryAddWithoutValidation("Content-Language", "de");
        request.Content.Headers.TryAddWithoutValidation("Content-Disposition", "attachment; filename=x");
        using var response = await asA.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reached = Assert.Single(await stack.Emulator.GetDataPlaneRequestsAsync(a.MemoryStoreId!, since));
        Assert.Contains("Content-Type", reached.HeaderNames!, StringComparer.OrdinalIgnoreCase);
        string[] dropped = ["Cookie", "Origin", "X-Forwarded-Host", "Content-Location", "Content-Language", "Content-Disposition"];
        foreach (var name in dropped) Assert.DoesNotContain(name, reached.HeaderNames!, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_content_encoding_passes_only_where_Twilio_takes_one()
    {
        var a = await stack.ReadyTenantAsync("hdr-c");
        using var asA = stack.WithToken(await stack.TokenAsync("hdr-c", "memory:read", "memory:write"));
        var profile = await TenantMemoryClient.WithTokenOver(asA, "hdr-c").CreateProfileAsync("+15550100004", CancellationToken.None);
        var since = await stack.Emulator.GetLastRequestSequenceAsync();

        // Profile create takes no encoded body (contract §11, P15): refused, nothing is sent.
        using (var create = await asA.SendAsync(Encoded(HttpMethod.Post, "/v1/tenants/hdr-c/memory/Profiles", "gzip", """{"traits":{"Contact":{"phone":"+15550100005"}}}""")))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, create.StatusCode);
            Assert.Equal("application/problem+json", create.Content.Headers.ContentType?.MediaType);
        }
        // Recall does, but only in the codings Twilio names.
        using (var unknownCoding = await asA.SendAsync(Encoded(HttpMethod.Post, $"/v1/tenants/hdr-c/memory/Profiles/{profile}/Recall", "x-evil", """{"query":"delivery"}""")))
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, unknownCoding.StatusCode);
        Assert.Empty(await stack.Emulator.GetDataPlaneRequestsAsync(a.MemoryStoreId!, since));

        using (await asA.SendAsync(Encoded(HttpMethod.Post, $"/v1/tenants/hdr-c/memory/Profiles/{profile}/Recall", "gzip", """{"query":"delivery"}""")))
        {
        }
        var recall = Assert.Single(await stack.Emulator.GetDataPlaneRequestsAsync(a.MemoryStoreId!, since));
        Assert.Contains("Content-Encoding", recall.HeaderNames!, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_proxied_request_logs_no_url_below_Warning_from_YARP()
    {
        var a = await stack.ReadyTenantAsync("hdr-d");
        using var asA = stack.WithToken(await stack.TokenAsync("hdr-d", "memory:read"));

        using (var response = await asA.GetAsync("/v1/tenants/hdr-d/memory/Profiles"))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.DoesNotContain(stack.Logs, l => l.Contains(" Yarp.", StringComparison.Ordinal) && !l.StartsWith("Warning", StringComparison.Ordinal)
                                               && !l.StartsWith("Error", StringComparison.Ordinal) && !l.StartsWith("Critical", StringComparison.Ordinal));
        Assert.DoesNotContain(stack.Logs, l => l.Contains(a.MemoryStoreId!, StringComparison.Ordinal) && l.Contains(" Yarp.", StringComparison.Ordinal));
    }

    /// <summary>A body compressed with <paramref name="coding"/> when it is gzip, and labelled with it whatever it is.</summary>
    private static HttpRequestMessage Encoded(HttpMethod method, string path, string coding, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        if (coding == "gzip")
        {
            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest)) gzip.Write(bytes);
            bytes = buffer.ToArray();
        }
        var content = new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } };
        content.Headers.ContentEncoding.Add(coding);
        return new HttpRequestMessage(method, path) { Content = content };
    }
}
