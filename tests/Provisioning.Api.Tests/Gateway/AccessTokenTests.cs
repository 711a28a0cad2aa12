using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Gateway;

/// <summary>Tenant access tokens: made for a Ready tenant only, with the scopes named and a bounded lifetime, and good for nothing but the gateway.</summary>
public sealed class AccessTokenTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    [Fact]
    public async Task A_token_names_its_tenant_scopes_and_expiry_and_carries_no_secret()
    {
        var tenant = await stack.ReadyTenantAsync("token-1");
        var before = DateTimeOffset.UtcNow;

        using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants/token-1/access-tokens", new { scopes = new[] { "memory:write", "memory:read" }, ttlSeconds = 600 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["memory:read", "memory:write"], body.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        var expiresAt = body.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt, before.AddSeconds(599), DateTimeOffset.UtcNow.AddSeconds(601));
        var token = body.GetProperty("token").GetString()!;
        var claims = JsonDocument.Parse(GatewayClients.DecodeBase64Url(token.Split('.')[1])).RootElement;
        Assert.Equal("token-1", claims.GetProperty("client_id").GetString());
        Assert.Equal("memory:read memory:write", claims.GetProperty("scope").GetString());
        Assert.Equal("memory-gateway", claims.GetProperty("aud").GetString());
        Assert.DoesNotContain(tenant.AccountSid!, token, StringComparison.Ordinal);
        Assert.DoesNotContain(tenant.MemoryStoreId!, Encoding.UTF8.GetString(GatewayClients.DecodeBase64Url(token.Split('.')[1])), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"scopes":[]}""")]
    [InlineData("""{"scopes":["memory:admin"]}""")]
    [InlineData("""{"scopes":["memory:read"],"ttlSeconds":59}""")]
    [InlineData("""{"scopes":["memory:read"],"ttlSeconds":86401}""")]
    [InlineData("""{}""")]
    public async Task Bad_requests_are_400s(string body)
    {
        await stack.ReadyTenantAsync("token-2");
        using var response = await stack.ControlPlane.PostAsync("/v1/tenants/token-2/access-tokens", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Only_a_Ready_tenant_gets_tokens_and_only_the_control_plane_makes_them()
    {
        await stack.ReadyTenantAsync("token-3");
        using (var offboard = await stack.Admin.DeleteAsync("/v1/tenants/token-3?reason=churned"))
            Assert.Equal(HttpStatusCode.Accepted, offboard.StatusCode);

        using (var pending = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants/token-3/access-tokens", new { scopes = new[] { "memory:read" } }))
            Assert.Equal(HttpStatusCode.Conflict, pending.StatusCode);
        using (var missing = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants/nobody/access-tokens", new { scopes = new[] { "memory:read" } }))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using (var anonymous = await stack.CreateClient(apiKey: null).PostAsJsonAsync("/v1/tenants/token-1/access-tokens", new { scopes = new[] { "memory:read" } }))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_tenant_token_opens_nothing_but_the_gateway()
    {
        await stack.ReadyTenantAsync("token-4");
        using var withToken = stack.WithToken(await stack.TokenAsync("token-4", "memory:read", "memory:write"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await withToken.GetAsync("/v1/tenants/token-4")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withToken.PostAsJsonAsync("/v1/tenants/token-4/access-tokens", new { scopes = new[] { "memory:read" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withToken.GetAsync("/v1/accounts")).StatusCode);
    }
}
