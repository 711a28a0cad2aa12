using System.Net;
using System.Net.Http.Json;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Infrastructure;

[Collection(ProvisioningStackCollection.Name)]
public sealed class ApiKeyAuthTests(ProvisioningStack stack)
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-key")]
    [InlineData(ProvisioningStack.AdminKey + " ")]
    public async Task Without_a_valid_key_every_tenant_endpoint_is_401(string? key)
    {
        using var client = stack.CreateClient(key);

        using var get = await client.GetAsync("/v1/tenants");
        using var post = await client.PostAsJsonAsync("/v1/tenants", new { clientId = "auth-probe" });

        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal("application/problem+json", get.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Control_plane_key_may_not_use_admin_endpoints()
    {
        using var response = await stack.ControlPlane.PostAsync("/v1/tenants/some-tenant/retry", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Admin_key_may_use_admin_endpoints()
    {
        using var response = await stack.Admin.PostAsync("/v1/tenants/some-tenant/retry", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Health_needs_no_key()
    {
        using var client = stack.CreateClient(apiKey: null);

        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
