using System.Net;
using System.Net.Http.Json;
using System.Text;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Gateway;

/// <summary>
/// With tenant A's token nothing reaches tenant B's store, whatever the path, even when A and B share a
/// subaccount: each refusal is proven from the emulator's request log, which sees every call to Twilio.
/// </summary>
public sealed class GatewayIsolationTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    [Fact]
    public async Task A_token_for_one_tenant_reaches_nothing_of_another_whatever_the_path()
    {
        var a = await stack.ReadyTenantAsync("iso-a");
        var b = await stack.ReadyTenantAsync("iso-b");
        Assert.Equal(a.AccountSid, b.AccountSid);
        using var asA = stack.WithToken(await stack.TokenAsync("iso-a", "memory:read", "memory:write"));
        var since = (await stack.Emulator.GetRequestsAsync()).Max(r => r.Sequence);

        string[] refusedPaths =
        [
            "/v1/tenants/iso-b/memory/Profiles",                                     // B's clientId
            $"/v1/tenants/iso-a/memory/../../iso-b/memory/Profiles",                   // dot segments
            "/v1/tenants/iso-a/memory/%2E%2E/%2E%2E/iso-b/memory/Profiles",            // encoded dots
            "/v1/tenants/iso-a/memory/Profiles%2F..%2F..%2FStores",                    // encoded slashes
            $"/v1/tenants/iso-a/memory/Stores/{b.MemoryStoreId}/Profiles",           // a second Stores segment
            $"/v1/tenants/iso-a/memory/Profiles/../../{b.MemoryStoreId}/Profiles",
            "/v1/tenants/iso-a/memory/ControlPlane/Stores",                          // the control plane
            $"/v1/tenants/iso-a/memory/ControlPlane/Stores/{b.MemoryStoreId}",
            "/v1/tenants/iso-a/memory/https://memory.twilio.com/v1/Stores",          // an absolute URL
            "/v1/tenants/iso-a/memory/Profiles//Lookup",                             // an empty segment
            "/v1/tenants/iso-a/memory/Profiles/not-a-profile-id",
            "/v1/tenants/iso-a/memory/",
            "/v1/tenants/iso-a/memory/profiles",                                     // not Twilio's spelling
        ];
        foreach (var path in refusedPaths)
        {
            using var response = await asA.GetAsync(path);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest,
                $"{path} answered {(int)response.StatusCode}");
        }
        using (var otherTenant = await asA.GetAsync("/v1/tenants/iso-b/memory/Profiles"))
            Assert.Equal(HttpStatusCode.Forbidden, otherTenant.StatusCode);
        using (var wrongMethod = await asA.DeleteAsync("/v1/tenants/iso-a/memory/Profiles"))
            Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);

        var log = await stack.Emulator.GetRequestsAsync(since);
        Assert.DoesNotContain(log, r => r.Path.Contains(b.MemoryStoreId!, StringComparison.Ordinal));
        Assert.DoesNotContain(log, r => r.Path.StartsWith("/v1/Stores", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tampered_or_missing_token_is_401_and_a_read_token_cannot_write()
    {
        await stack.ReadyTenantAsync("iso-c");
        var token = await stack.TokenAsync("iso-c", "memory:read");
        var since = (await stack.Emulator.GetRequestsAsync()).Max(r => r.Sequence);
        var parts = token.Split('.');
        var forgedPayload = Convert.ToBase64String(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(GatewayClients.DecodeBase64Url(parts[1])).Replace("memory:read", "memory:write")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        using (var tampered = await stack.WithToken($"{parts[0]}.{forgedPayload}.{parts[2]}").PostAsJsonAsync("/v1/tenants/iso-c/memory/Profiles", new { traits = new { } }))
            Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        using (var unsigned = await stack.WithToken($"{parts[0]}.{parts[1]}.").GetAsync("/v1/tenants/iso-c/memory/Profiles"))
            Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        using (var none = await stack.CreateClient(apiKey: null).GetAsync("/v1/tenants/iso-c/memory/Profiles"))
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        using (var readOnly = await stack.WithToken(token).PostAsJsonAsync("/v1/tenants/iso-c/memory/Profiles", new { traits = new { } }))
            Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);

        Assert.DoesNotContain(await stack.Emulator.GetRequestsAsync(since), r => r.Path.StartsWith("/v1/Stores", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("YWJj.YWJj.YWJj")]                              // three parts, none of them JSON
    [InlineData("not-a-jwt")]
    [InlineData("!!!.@@@.###")]                                 // not base64url
    [InlineData("eyJhbGciOiJIUzI1NiIsImtpZCI6.e30.c2ln")]       // a header cut off mid-JSON
    [InlineData("eyJhbGciOiJub25lIn0.eyJjbGllbnRfaWQiOiJpc28tZiJ9.")] // alg none
    [InlineData("a.b.c.d.e")]                                   // shaped like an encrypted token
    [InlineData("huge")]
    public async Task A_malformed_bearer_token_is_a_401_problem_and_logs_no_error(string token)
    {
        await stack.ReadyTenantAsync("iso-f");
        if (token == "huge")
            token = GatewayClients.EncodeBase64Url($$"""{"alg":"HS256","kid":"{{new string('k', 300_000)}}"}""") + ".e30.c2ln";
        var logged = stack.Logs.Count;
        var since = await stack.Emulator.GetLastRequestSequenceAsync();

        using var response = await stack.WithToken(token).GetAsync("/v1/tenants/iso-f/memory/Profiles");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(stack.Logs.Skip(logged), l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
        Assert.Empty(await stack.Emulator.GetRequestsUnderAsync("/v1/Stores", since));
    }

    [Fact]
    public async Task An_API_key_does_not_open_the_gateway_by_default()
    {
        await stack.ReadyTenantAsync("iso-g");
        var since = await stack.Emulator.GetLastRequestSequenceAsync();

        foreach (var client in new[] { stack.Admin, stack.ControlPlane })
        {
            using var response = await client.GetAsync("/v1/tenants/iso-g/memory/Profiles");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
        Assert.Empty(await stack.Emulator.GetRequestsUnderAsync("/v1/Stores", since));
    }

    [Fact]
    public async Task Offboarding_or_recreating_a_tenant_revokes_every_token_made_before()
    {
        await stack.ReadyTenantAsync("iso-d");
        await stack.ReadyTenantAsync("iso-e");
        using var asD = stack.WithToken(await stack.TokenAsync("iso-d", "memory:read"));
        using var asE = stack.WithToken(await stack.TokenAsync("iso-e", "memory:read"));
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await asD.GetAsync("/v1/tenants/iso-d/memory/Profiles")).StatusCode);

        await stack.Admin.PostAsJsonAsync("/v1/tenants/iso-d/reprovision", new { mode = "recreate", reason = "fresh start" });
        using (var afterRecreate = await asD.GetAsync("/v1/tenants/iso-d/memory/Profiles"))
            Assert.Equal(HttpStatusCode.Unauthorized, afterRecreate.StatusCode);
        await stack.WaitForStatusAsync("iso-d", Provisioning.Api.Tenants.TenantStatus.Ready);
        using (var stillRevoked = await asD.GetAsync("/v1/tenants/iso-d/memory/Profiles"))
            Assert.Equal(HttpStatusCode.Unauthorized, stillRevoked.StatusCode);

        await stack.Admin.DeleteAsync("/v1/tenants/iso-e?reason=churned");
        using (var afterOffboard = await asE.GetAsync("/v1/tenants/iso-e/memory/Profiles"))
            Assert.Equal(HttpStatusCode.Unauthorized, afterOffboard.StatusCode);
    }
}
