using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MemoryAgent;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.Api.Tests.Gateway;

/// <summary>
/// An ISV's runtime serves a call for one client with nothing but a short-lived token for it: the seed's flow
/// (look the caller up by phone, create the profile, write an observation, recall after Twilio's consistency
/// window) through the gateway, against the emulator's Memory data plane, reaching only that client's store.
/// </summary>
public sealed class GatewayFlowTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    [Fact]
    public async Task A_call_is_served_with_a_tenant_token_and_reaches_only_that_tenants_store()
    {
        var a = await stack.ReadyTenantAsync("flow-a");
        var b = await stack.ReadyTenantAsync("flow-b");
        var since = await stack.Emulator.GetLastRequestSequenceAsync();
        var memory = TenantMemoryClient.WithTokenOver(stack.WithToken(await stack.TokenAsync("flow-a", "memory:read", "memory:write")), "flow-a");

        var first = await new CallFlow(memory, TimeSpan.FromSeconds(2.5)).ServeAsync("+1 (555) 010-0001", "I want my delivery on Saturday morning", "when should we deliver", CancellationToken.None);
        var second = await new CallFlow(memory, TimeSpan.FromSeconds(2.5)).ServeAsync("+15550100001", "My dog is called Rex", "delivery day", CancellationToken.None);

        Assert.True(first.NewProfile);
        Assert.False(second.NewProfile);
        Assert.Equal(first.ProfileId, second.ProfileId);
        Assert.Equal("I want my delivery on Saturday morning", second.Recalled[0]);
        Assert.Contains(first.ProfileId, (await stack.Emulator.GetProfilesAsync(a.MemoryStoreId!)).Select(p => p.Id));
        Assert.Empty(await stack.Emulator.GetProfilesAsync(b.MemoryStoreId!));

        var log = await stack.Emulator.GetRequestsUnderAsync("/v1/Stores", since);
        Assert.NotEmpty(log);
        Assert.All(log, r =>
        {
            Assert.StartsWith($"/v1/Stores/{a.MemoryStoreId}/Profiles", r.Path, StringComparison.Ordinal);
            Assert.Equal(a.AccountSid, r.AccountSid);
        });
    }

    [Fact]
    public async Task Another_tenants_profile_id_under_ones_own_path_is_Twilios_404_from_ones_own_store()
    {
        var a = await stack.ReadyTenantAsync("flow-c");
        await stack.ReadyTenantAsync("flow-d");
        var bProfile = await TenantMemoryClient.WithTokenOver(stack.WithToken(await stack.TokenAsync("flow-d", "memory:write")), "flow-d")
            .CreateProfileAsync("+15550100002", CancellationToken.None);
        var since = await stack.Emulator.GetLastRequestSequenceAsync();

        using var asA = stack.WithToken(await stack.TokenAsync("flow-c", "memory:read"));
        using var response = await asA.GetAsync($"/v1/tenants/flow-c/memory/Profiles/{bProfile}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        // Twilio's error body, unchanged.
        Assert.Equal(20404, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());
        var reached = Assert.Single(await stack.Emulator.GetRequestsUnderAsync("/v1/Stores", since));
        Assert.Equal($"/v1/Stores/{a.MemoryStoreId}/Profiles/{bProfile}", reached.Path);
    }

    [Fact]
    public async Task Twilios_rate_limit_comes_back_with_its_Retry_After_and_bodies_stream_up_to_the_limit()
    {
        var a = await stack.ReadyTenantAsync("flow-e");
        using var asA = stack.WithToken(await stack.TokenAsync("flow-e", "memory:read", "memory:write"));

        await stack.Emulator.AddFaultAsync(new ScriptedFault { PathPrefix = $"/v1/Stores/{a.MemoryStoreId}/Profiles", Status = 429, RetryAfterSeconds = 7 });
        using (var limited = await asA.GetAsync("/v1/tenants/flow-e/memory/Profiles"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), limited.Headers.RetryAfter?.Delta);
        }

        // A bulk upsert just under 1 MiB streams through to Twilio (which judges it); one byte over the limit never leaves.
        var since = await stack.Emulator.GetLastRequestSequenceAsync();
        using (var large = await asA.PutAsync("/v1/tenants/flow-e/memory/Profiles/Bulk", BulkBody(1024 * 1024 - 64)))
            Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Single(await stack.Emulator.GetRequestsUnderAsync("/v1/Stores", since));
        using (var tooLarge = await asA.PutAsync("/v1/tenants/flow-e/memory/Profiles/Bulk", BulkBody(1024 * 1024 + 1)))
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Single(await stack.Emulator.GetRequestsUnderAsync("/v1/Stores", since));
    }

    /// <summary>A syntactically valid bulk body of exactly <paramref name="bytes"/> bytes.</summary>
    private static ByteArrayContent BulkBody(int bytes)
    {
        var head = """{"profiles":[{"traits":{"Contact":{"email":"bulk@example.com","lastName":""";
        const string tail = "\"}}}]}";
        var body = Encoding.UTF8.GetBytes(head + new string('x', bytes - head.Length - tail.Length) + tail);
        Assert.Equal(bytes, body.Length);
        return new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } };
    }
}
