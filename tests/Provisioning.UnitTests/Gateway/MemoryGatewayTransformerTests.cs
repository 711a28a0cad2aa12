using Microsoft.AspNetCore.Http;
using Provisioning.Api.Gateway;
using Provisioning.Api.Twilio;

namespace Provisioning.UnitTests.Gateway;

/// <summary>What reaches Twilio and what comes back: our credentials and target, never the caller's secrets; Locations into the gateway.</summary>
public sealed class MemoryGatewayTransformerTests
{
    private static readonly TwilioCredentials Credentials = new("AC11111111111111111111111111111111", "SK22222222222222222222222222222222", "secret");
    private const string StorePath = "/v1/Stores/mem_store_a/";
    private const string GatewayPath = "/v1/tenants/acme/memory/";

    [Fact]
    public async Task The_request_goes_to_the_stores_path_with_the_accounts_credentials_and_without_the_callers()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Headers["X-Api-Key"] = "isv-key";
        context.Request.Headers.Authorization = "Bearer tenant-token";
        context.Request.Headers.Cookie = "session=1";
        context.Request.Headers.Accept = "application/json";
        var target = new Uri("https://memory.twilio.com/v1/Stores/mem_store_a/Profiles?pageSize=5");
        using var proxied = new HttpRequestMessage();

        await new MemoryGatewayTransformer(target, Credentials, StorePath, GatewayPath).TransformRequestAsync(context, proxied, "https://memory.twilio.com", CancellationToken.None);

        Assert.Equal(target, proxied.RequestUri);
        Assert.Equal(Credentials.ToAuthorizationHeader(), proxied.Headers.Authorization);
        Assert.False(proxied.Headers.Contains("X-Api-Key"));
        Assert.False(proxied.Headers.Contains("Cookie"));
        Assert.Equal("application/json", proxied.Headers.Accept.ToString());
    }

    [Theory]
    [InlineData("https://memory.twilio.com/v1/Stores/mem_store_a/Profiles/mem_profile_b", "/v1/tenants/acme/memory/Profiles/mem_profile_b")]
    [InlineData("/v1/Stores/mem_store_a/Profiles/mem_profile_b", "/v1/tenants/acme/memory/Profiles/mem_profile_b")]
    [InlineData("https://memory.twilio.com/v1/Stores/mem_store_other/Profiles/x", null)]
    [InlineData("https://elsewhere.example/", null)]
    public async Task A_Location_into_the_store_points_back_into_the_gateway_and_any_other_is_dropped(string location, string? expected)
    {
        var context = new DefaultHttpContext();
        using var answer = new HttpResponseMessage(System.Net.HttpStatusCode.PermanentRedirect) { Headers = { Location = new Uri(location, UriKind.RelativeOrAbsolute) } };
        answer.Headers.TryAddWithoutValidation("Canonical-Profile-Id", "mem_profile_b");

        await new MemoryGatewayTransformer(new Uri("https://memory.twilio.com/"), Credentials, StorePath, GatewayPath).TransformResponseAsync(context, answer, CancellationToken.None);

        Assert.Equal(expected, context.Response.Headers.Location.Count == 0 ? null : context.Response.Headers.Location.ToString());
        Assert.Equal("mem_profile_b", context.Response.Headers["Canonical-Profile-Id"].ToString());
    }

    [Fact]
    public async Task Content_metadata_other_than_type_length_and_encoding_stays_behind()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Headers.ContentType = "application/json";
        context.Request.Headers["Content-Location"] = "/elsewhere";
        context.Request.Headers["Content-Language"] = "de";
        context.Request.Headers["Content-Disposition"] = "attachment";
        context.Request.Headers["Content-Encoding"] = "gzip";
        using var proxied = new HttpRequestMessage { Content = new ByteArrayContent([1]) };

        await new MemoryGatewayTransformer(new Uri("https://memory.twilio.com/"), Credentials, StorePath, GatewayPath).TransformRequestAsync(context, proxied, "https://memory.twilio.com", CancellationToken.None);

        Assert.Equal(["Content-Encoding", "Content-Type"], proxied.Content.Headers.Select(h => h.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Only_allowed_answer_headers_come_back_and_the_services_own_stay()
    {
        var context = new DefaultHttpContext();
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        using var answer = new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("{}") };
        answer.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue("\"v1\"");
        answer.Headers.TryAddWithoutValidation("Twilio-Request-Id", "RQ1");
        answer.Headers.TryAddWithoutValidation("Set-Cookie", "a=b");
        answer.Headers.TryAddWithoutValidation("Access-Control-Allow-Origin", "*");
        answer.Headers.TryAddWithoutValidation("Link", "<https://memory.twilio.com/>");
        answer.Headers.TryAddWithoutValidation("WWW-Authenticate", "Basic");

        await new MemoryGatewayTransformer(new Uri("https://memory.twilio.com/"), Credentials, StorePath, GatewayPath).TransformResponseAsync(context, answer, CancellationToken.None);

        Assert.Equal(["Content-Type", "ETag", "Twilio-Request-Id", "X-Content-Type-Options"], context.Response.Headers.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task Accept_Encoding_reaches_Twilio_only_when_the_route_forwards_it(bool forwardAcceptEncoding, bool reaches)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Headers.AcceptEncoding = "gzip";
        using var proxied = new HttpRequestMessage();

        await new MemoryGatewayTransformer(new Uri("https://memory.twilio.com/"), Credentials, StorePath, GatewayPath, forwardAcceptEncoding)
            .TransformRequestAsync(context, proxied, "https://memory.twilio.com", CancellationToken.None);

        Assert.Equal(reaches, proxied.Headers.Contains("Accept-Encoding"));
    }

    [Theory]
    [InlineData(409, 520042, true)]  // store not ACTIVE: "not ready", whatever the status
    [InlineData(400, 520042, true)]
    [InlineData(500, 520047, true)]  // a missing trait group is the caller's mistake: never passed on as a 5xx
    [InlineData(400, 520047, false)] // a 4xx 520047 passes through as Twilio sent it
    [InlineData(404, 20404, false)]
    [InlineData(500, 20500, false)]
    public async Task Only_520042_and_a_520047_without_a_4xx_are_kept_back_for_the_gateway_to_answer(int status, int code, bool intercepted)
    {
        var context = new DefaultHttpContext();
        using var answer = new HttpResponseMessage((System.Net.HttpStatusCode)status)
        {
            Content = new StringContent($$"""{"code":{{code}},"message":"Twilio says","more_info":"https://www.twilio.com/docs/errors/{{code}}","status":{{status}}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        var transformer = new MemoryGatewayTransformer(new Uri("https://memory.twilio.com/"), Credentials, StorePath, GatewayPath);

        var copyBody = await transformer.TransformResponseAsync(context, answer, CancellationToken.None);

        Assert.Equal(!intercepted, copyBody);
        Assert.Equal(intercepted ? code : null, transformer.Intercepted?.Code);
        Assert.Equal("Twilio says", intercepted ? transformer.Intercepted!.Message : "Twilio says");
        // A body that passes on is still whole after it was read.
        if (!intercepted) Assert.Contains("Twilio says", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Orchestrator_error_shape_is_read_too_and_a_compressed_error_is_not_opened()
    {
        var context = new DefaultHttpContext();
        using var newShape = new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable)
        {
            Content = new StringContent("""{"code":520042,"httpStatusCode":503,"message":"not ACTIVE","userError":false}""", System.Text.Encoding.UTF8, "application/json"),
        };
        using var compressed = new HttpResponseMessage(System.Net.HttpStatusCode.Conflict) { Content = new ByteArrayContent([0x1f, 0x8b]) };
        compressed.Content.Headers.ContentType = new("application/json");
        compressed.Content.Headers.ContentEncoding.Add("gzip");
        var first = new MemoryGatewayTransformer(new Uri("https://memory.twilio.com/"), Credentials, StorePath, GatewayPath);
        var second = new MemoryGatewayTransformer(new Uri("https://memory.twilio.com/"), Credentials, StorePath, GatewayPath);

        Assert.False(await first.TransformResponseAsync(context, newShape, CancellationToken.None));
        Assert.Equal(520042, first.Intercepted?.Code);
        Assert.True(await second.TransformResponseAsync(new DefaultHttpContext(), compressed, CancellationToken.None));
        Assert.Null(second.Intercepted);
    }
}
