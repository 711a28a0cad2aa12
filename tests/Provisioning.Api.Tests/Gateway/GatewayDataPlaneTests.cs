using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MemoryAgent;
using Provisioning.Api.Tests.Integration;
using Provisioning.TwilioEmulator.Admin;
using Provisioning.TwilioEmulator.Faults;

namespace Provisioning.Api.Tests.Gateway;

/// <summary>
/// The data-plane routes of contract §12.3 through the gateway, with a tenant token, against the emulator: Identifiers,
/// single observations and summaries, revisions, imports (201 with their upload URL), compression as P15 lists it, a
/// store that is not ACTIVE ("not ready"), and 520047 as a client error. Each proven from the emulator's request log.
/// </summary>
public sealed class GatewayDataPlaneTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    private const string Conversation = "conv_conversation_00000000000000000000000001";

    [Fact]
    public async Task Single_observation_GET_PATCH_revisions_DELETE_and_Identifiers_work_with_a_tenant_token_and_reach_only_its_store()
    {
        var a = await stack.ReadyTenantAsync("dp-a");
        using var asA = stack.WithToken(await stack.TokenAsync("dp-a", "memory:read", "memory:write"));
        var profile = await TenantMemoryClient.WithTokenOver(asA, "dp-a").CreateProfileAsync("+15550100101", CancellationToken.None);
        var since = await stack.Emulator.GetLastRequestSequenceAsync();
        var m = $"/v1/tenants/dp-a/memory/Profiles/{profile}";

        using (var written = await asA.PostAsJsonAsync($"{m}/Observations", new { observations = new[] { new { content = "Prefers mornings", source = "agent", occurredAt = "2026-08-01T10:00:00Z", conversationIds = new[] { Conversation } } } }))
            Assert.Equal(HttpStatusCode.Accepted, written.StatusCode);
        var observation = await FirstObservationIdAsync(asA, $"{m}/Observations?source=agent&conversationId={Conversation}&createdAfter=2020-01-01T00:00:00Z");

        using (var fetched = await asA.GetAsync($"{m}/Observations/{observation}"))
        {
            Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
            Assert.Equal("Prefers mornings", (await fetched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("content").GetString());
        }
        using (var patched = await asA.PatchAsJsonAsync($"{m}/Observations/{observation}", new { content = "Prefers evenings" }))
            Assert.Equal(HttpStatusCode.Accepted, patched.StatusCode);
        using (var revisions = await asA.GetAsync($"{m}/Observations/{observation}/Revisions?pageSize=10"))
        {
            var body = await revisions.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(["Prefers mornings"], body.GetProperty("revisions").EnumerateArray().Select(r => r.GetProperty("content").GetString()));
        }
        using (var deleted = await asA.DeleteAsync($"{m}/Observations/{observation}"))
            Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        using (var gone = await asA.GetAsync($"{m}/Observations/{observation}"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        using (var added = await asA.PostAsJsonAsync($"{m}/Identifiers", new { idType = "email", value = "Ada@Example.com" }))
            Assert.Equal(HttpStatusCode.Accepted, added.StatusCode);
        using (var listed = await asA.GetAsync($"{m}/Identifiers"))
        {
            var types = (await listed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("identifiers").EnumerateArray().Select(i => i.GetProperty("idType").GetString());
            Assert.Equal(["phone", "email"], types);
        }
        using (var replaced = await asA.PatchAsJsonAsync($"{m}/Identifiers/email", new { idType = "email", oldValue = "ada@example.com", newValue = "ada@example.org" }))
            Assert.Equal(HttpStatusCode.Accepted, replaced.StatusCode);
        using (var email = await asA.GetAsync($"{m}/Identifiers/email"))
            Assert.Equal(["ada@example.org"], (await email.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        using (var removed = await asA.DeleteAsync($"{m}/Identifiers/email?removeAll=true"))
            Assert.Equal(HttpStatusCode.Accepted, removed.StatusCode);

        var log = await stack.Emulator.GetRequestsUnderAsync("/v1/Stores", since);
        Assert.All(log, r =>
        {
            Assert.StartsWith($"/v1/Stores/{a.MemoryStoreId}/Profiles/{profile}/", r.Path, StringComparison.Ordinal);
            Assert.Equal(a.AccountSid, r.AccountSid);
        });
        // The list filters and removeAll reach Twilio as given.
        Assert.Contains(log, r => r.Path.EndsWith("/Observations", StringComparison.Ordinal) && r.Query == $"?source=agent&conversationId={Conversation}&createdAfter=2020-01-01T00:00:00Z");
        Assert.Contains(log, r => r.Method == "DELETE" && r.Path.EndsWith("/Identifiers/email", StringComparison.Ordinal) && r.Query == "?removeAll=true");
    }

    [Fact]
    public async Task Another_tenants_token_and_malformed_ids_reach_nothing()
    {
        await stack.ReadyTenantAsync("dp-b");
        await stack.ReadyTenantAsync("dp-c");
        using var asB = stack.WithToken(await stack.TokenAsync("dp-b", "memory:read", "memory:write"));
        var profile = await TenantMemoryClient.WithTokenOver(asB, "dp-b").CreateProfileAsync("+15550100102", CancellationToken.None);
        using var asC = stack.WithToken(await stack.TokenAsync("dp-c", "memory:read", "memory:write"));
        var since = await stack.Emulator.GetLastRequestSequenceAsync();
        var m = $"/v1/tenants/dp-b/memory/Profiles/{profile}";

        foreach (var path in new[] { $"{m}/Identifiers", $"{m}/Identifiers/email", $"{m}/Observations/mem_observation_01234567890123456789abcdef", $"{m}/ConversationSummaries/mem_summary_01234567890123456789abcdef/" })
        {
            using var response = await asC.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        string[] malformed =
        [
            $"{m}/Observations/not-an-observation", $"{m}/Observations/mem_summary_01234567890123456789abcdef", $"{m}/ConversationSummaries/mem_observation_01234567890123456789abcdef",
            $"{m}/Identifiers/e", $"{m}/Identifiers/{new string('x', 31)}", "/v1/tenants/dp-b/memory/Profiles/Imports/not-an-import", $"{m}/Observations/mem_observation_01234567890123456789abcdef/Revisions/1",
        ];
        foreach (var path in malformed)
        {
            using var response = await asB.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Empty(await stack.Emulator.GetRequestsUnderAsync("/v1/Stores", since));
    }

    [Fact]
    public async Task An_import_answers_201_with_Twilios_upload_url_unchanged_and_the_upload_works()
    {
        var a = await stack.ReadyTenantAsync("dp-d");
        using var asA = stack.WithToken(await stack.TokenAsync("dp-d", "memory:read", "memory:write"));
        var csv = "phone,firstName\n+15550100103,Ada\n"u8.ToArray();
        var since = await stack.Emulator.GetLastRequestSequenceAsync();

        using var created = await asA.PostAsJsonAsync("/v1/tenants/dp-d/memory/Profiles/Imports", new
        {
            filename = "tenants.csv",
            fileSize = csv.Length,
            columnMappings = new[] { new { columnName = "phone", traitGroup = "Contact", traitName = "phone" }, new { columnName = "firstName", traitGroup = "Contact", traitName = "firstName" } },
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadAsStringAsync();
        var reached = Assert.Single(await stack.Emulator.GetRequestsUnderAsync("/v1/Stores", since));
        Assert.Equal($"/v1/Stores/{a.MemoryStoreId}/Profiles/Imports", reached.Path);
        var answer = JsonDocument.Parse(body).RootElement;
        var url = answer.GetProperty("url").GetString()!;
        Assert.StartsWith(stack.Emulator.BaseUrl, url, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Signature=", url, StringComparison.Ordinal);
        // The upload goes straight to the URL, without credentials, as Twilio's presigned URLs take it.
        using var upload = await new HttpClient().PutAsync(url, new ByteArrayContent(csv));
        Assert.True(upload.IsSuccessStatusCode, $"upload answered {(int)upload.StatusCode}");
        using var status = await asA.GetAsync($"/v1/tenants/dp-d/memory/Profiles/Imports/{answer.GetProperty("importId").GetString()}");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Fact]
    public async Task Accept_Encoding_reaches_Twilio_only_where_P15_lists_it_and_a_compressed_answer_comes_back_as_sent()
    {
        var a = await stack.ReadyTenantAsync("dp-e");
        using var asA = stack.WithToken(await stack.TokenAsync("dp-e", "memory:read", "memory:write"));
        var profile = await TenantMemoryClient.WithTokenOver(asA, "dp-e").CreateProfileAsync("+15550100104", CancellationToken.None);
        var since = await stack.Emulator.GetLastRequestSequenceAsync();

        using var listRequest = new HttpRequestMessage(HttpMethod.Get, $"/v1/tenants/dp-e/memory/Profiles/{profile}/Observations");
        listRequest.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var list = await asA.SendAsync(listRequest);
        using var profileRequest = new HttpRequestMessage(HttpMethod.Get, $"/v1/tenants/dp-e/memory/Profiles/{profile}");
        profileRequest.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var fetched = await asA.SendAsync(profileRequest);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(["gzip"], list.Content.Headers.ContentEncoding);
        await using (var decoded = new GZipStream(await list.Content.ReadAsStreamAsync(), CompressionMode.Decompress))
            Assert.Equal(JsonValueKind.Array, (await JsonSerializer.DeserializeAsync<JsonElement>(decoded)).GetProperty("observations").ValueKind);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Empty(fetched.Content.Headers.ContentEncoding);
        Assert.Equal(profile, (await fetched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        var log = await stack.Emulator.GetDataPlaneRequestsAsync(a.MemoryStoreId!, since);
        Assert.Contains("Accept-Encoding", log.Single(r => r.Path.EndsWith("/Observations", StringComparison.Ordinal)).HeaderNames!, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain("Accept-Encoding", log.Single(r => r.Path.EndsWith(profile, StringComparison.Ordinal)).HeaderNames!, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_store_that_is_not_ACTIVE_is_memory_not_ready_with_Retry_After()
    {
        var a = await stack.ReadyTenantAsync("dp-f");
        using var asA = stack.WithToken(await stack.TokenAsync("dp-f", "memory:read"));
        await stack.Emulator.ChangeStoreOutOfBandAsync(a.MemoryStoreId!, new OutOfBandStoreChange(Status: "PROVISIONING"));
        try
        {
            using var response = await asA.GetAsync("/v1/tenants/dp-f/memory/Profiles");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Memory not ready", problem.GetProperty("title").GetString());
            Assert.Equal(520042, problem.GetProperty("twilioCode").GetInt32());
        }
        finally
        {
            await stack.Emulator.ChangeStoreOutOfBandAsync(a.MemoryStoreId!, new OutOfBandStoreChange(Status: "ACTIVE"));
        }
    }

    [Fact]
    public async Task A_missing_trait_group_520047_is_always_a_client_error()
    {
        var a = await stack.ReadyTenantAsync("dp-g");
        using var asA = stack.WithToken(await stack.TokenAsync("dp-g", "memory:write"));
        var profiles = $"/v1/Stores/{a.MemoryStoreId}/Profiles";
        object body = new { traits = new Dictionary<string, object> { ["Contact"] = new { phone = "+15550100105" }, ["Account"] = new { tier = "gold" } } };

        await stack.Emulator.AddFaultAsync(new ScriptedFault { Method = "POST", PathPrefix = profiles, Status = 400, Code = 520047, Message = "Trait group 'Account' does not exist on the target memory store" });
        using (var asTwilioSent = await asA.PostAsJsonAsync("/v1/tenants/dp-g/memory/Profiles", body))
        {
            Assert.Equal(HttpStatusCode.BadRequest, asTwilioSent.StatusCode);
            var twilio = await asTwilioSent.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(520047, twilio.GetProperty("code").GetInt32());
        }

        // Twilio documents no status for 520047: one that is not a 4xx still reaches the caller as its own mistake.
        await stack.Emulator.AddFaultAsync(new ScriptedFault { Method = "POST", PathPrefix = profiles, Status = 500, Code = 520047, Message = "Trait group 'Account' does not exist on the target memory store" });
        using var asServerError = await asA.PostAsJsonAsync("/v1/tenants/dp-g/memory/Profiles", body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, asServerError.StatusCode);
        var problem = await asServerError.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(520047, problem.GetProperty("twilioCode").GetInt32());
        Assert.Contains("'Account'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<string> FirstObservationIdAsync(HttpClient client, string listPath)
    {
        string? id = null;
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await client.GetAsync(listPath);
            var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("observations");
            id = items.GetArrayLength() > 0 ? items[0].GetProperty("id").GetString() : null;
            return id is not null;
        }, "the observation to become readable (Twilio's consistency window)", TimeSpan.FromSeconds(10));
        return id!;
    }
}
