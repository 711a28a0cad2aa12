using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>Bad input gets a 4xx problem+json naming what is wrong; never a 500, never a tenant.</summary>
[Collection(ProvisioningStackCollection.Name)]
public sealed class MalformedSignupTests(ProvisioningStack stack)
{
    public static TheoryData<string, string, string> MalformedBodies => new()
    {
        // body, field expected in "errors", why
        { """{}""", "clientId", "clientId missing" },
        { """{"clientId":null}""", "clientId", "clientId null" },
        { """{"clientId":""}""", "clientId", "clientId empty" },
        { """{"clientId":"Acme"}""", "clientId", "uppercase" },
        { """{"clientId":"acme_corp"}""", "clientId", "underscore (store names forbid it)" },
        { """{"clientId":"acme corp"}""", "clientId", "space" },
        { """{"clientId":"acme.corp"}""", "clientId", "dot" },
        { """{"clientId":"abcdefghijklmnopqrstuvwxyz"}""", "clientId", "26 characters: configuration displayName would exceed 32" },
        { """{"clientId":"' OR 1=1; DROP TABLE tenants; --"}""", "clientId", "SQL-like" },
        { """{"clientId":"acme\u0000"}""", "clientId", "control character" },
        { """{"clientId":"acmé"}""", "clientId", "non-ASCII letter" },
        { """{"clientId":42}""", "$.clientId", "number instead of string" },
        { """{"clientId":["acme"]}""", "$.clientId", "array instead of string" },
        { """{"clientId":"acme","displayName":""}""", "displayName", "empty display name" },
        { """{"clientId":"acme","displayName":"bad\u0007bell"}""", "displayName", "control character in display name" },
        { $$"""{"clientId":"acme","displayName":"{{new string('x', 129)}}"}""", "displayName", "display name over 128 (store description limit)" },
        { """{"clientId":"acme","orchestrator":{"conversationGroupingType":"GROUP_BY_MOOD"}}""", "orchestrator.conversationGroupingType", "unknown grouping" },
        { """{"clientId":"acme","orchestrator":{"memoryExtractionEnabled":"yes"}}""", "$.orchestrator.memoryExtractionEnabled", "string instead of bool" },
        { """{"clientId":"acme","orchestrator":{"statusCallbacks":[{"url":"not a url"}]}}""", "orchestrator.statusCallbacks[0].url", "callback url not absolute" },
        { """{"clientId":"acme","orchestrator":{"statusCallbacks":[{"url":"https://a.example","method":"DELETE"}]}}""", "orchestrator.statusCallbacks[0].method", "callback method" },
        { """{"clientId":"acme","orchestrator":{"statusCallbacks":[{"url":"http://a.example/status"}]}}""", "orchestrator.statusCallbacks[0].url", "http callback (https only by default)" },
        { """{"clientId":"acme","orchestrator":{"statusCallbacks":[{"url":"https://192.168.1.1/status"}]}}""", "orchestrator.statusCallbacks[0].url", "callback on a private address" },
        { """{"clientId":"acme","callbackUrl":"http://isv.example/events"}""", "callbackUrl", "http callbackUrl (https only by default)" },
        { """{"clientId":"acme","callbackUrl":"https://169.254.169.254/latest/meta-data"}""", "callbackUrl", "callbackUrl at the metadata endpoint" },
        { """{"clientId":"acme","orchestrator":{"statusCallbacks":[{"url":"https://a.example"},{"url":"https://b.example"},{"url":"https://c.example"}]}}""", "orchestrator.statusCallbacks", "three callbacks (Twilio allows two)" },
        { """{"clientId":"acme","tenantPlan":"gold"}""", "$", "unknown property" },
        { """{"clientId":"acme" """, "$", "truncated JSON" },
        { """["acme"]""", "$", "array body" },
        { """null""", "$", "null body" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Malformed_signup_is_a_400_with_the_field_at_fault(string body, string field, string why)
    {
        using var response = await stack.ControlPlane.PostAsync("/v1/tenants", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.True(errors.Any(e => e.StartsWith(field, StringComparison.OrdinalIgnoreCase)),
            $"{why}: expected an error for '{field}', got [{string.Join(", ", errors)}]");
    }

    [Fact]
    public async Task Wrong_content_type_is_a_415_problem()
    {
        using var response = await stack.ControlPlane.PostAsync("/v1/tenants", new StringContent("clientId=acme", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Oversized_body_is_refused_without_a_500()
    {
        var huge = $$"""{"clientId":"acme","displayName":"{{new string('x', 200_000)}}"}""";

        using var response = await stack.ControlPlane.PostAsync("/v1/tenants", new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("/v1/tenants?limit=0", "limit")]
    [InlineData("/v1/tenants?limit=abc", "limit")]
    [InlineData("/v1/tenants?status=Sleeping", "status")]
    [InlineData("/v1/tenants?cursor=%27%20or%201%3D1", "cursor")]
    public async Task Bad_list_queries_are_400_with_the_parameter_at_fault(string url, string field)
    {
        using var response = await stack.ControlPlane.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("/v1/tenants/no-such-tenant")]
    [InlineData("/v1/tenants/NOT_A_VALID_ID")]
    public async Task Unknown_tenant_is_a_404_problem(string url)
    {
        using var response = await stack.ControlPlane.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
