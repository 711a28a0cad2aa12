using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Blueprints;

/// <summary>Blueprints are versioned: each change is a new revision, and a revision, once made, reads the same forever.</summary>
[Collection(ProvisioningStackCollection.Name)]
public sealed class BlueprintApiTests(ProvisioningStack stack)
{
    [Fact]
    public async Task Create_makes_revision_1_with_the_content_in_Twilios_shapes_and_defaults_filled_in()
    {
        using var created = await stack.Admin.PostAsJsonAsync("/v1/blueprints", new
        {
            name = "support",
            traitGroups = new[] { new { displayName = "Account", traits = new Dictionary<string, object> { ["tier"] = new { dataType = "STRING" } } } },
            identityResolution = new { identifierConfigs = new[] { new { idType = "email", normalization = "email" } }, matchingRules = new[] { "email" } },
            orchestrator = new { memoryExtractionEnabled = true },
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/v1/blueprints/support", created.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, body.GetProperty("latestRevision").GetInt32());
        Assert.Equal(1, body.GetProperty("revisionCount").GetInt32());
        var latest = body.GetProperty("latest");
        Assert.Equal("test-admin", latest.GetProperty("createdBy").GetString());
        Assert.Equal("STRING", latest.GetProperty("traitGroups")[0].GetProperty("traits").GetProperty("tier").GetProperty("dataType").GetString());
        Assert.True(latest.GetProperty("orchestrator").GetProperty("memoryExtractionEnabled").GetBoolean());
        var email = latest.GetProperty("identityResolution").GetProperty("identifierConfigs")[0];
        Assert.Equal("exact", email.GetProperty("matchingAlgo").GetString());
        Assert.Equal(75, email.GetProperty("matchingThreshold").GetInt32());
        Assert.Equal(100, email.GetProperty("limit").GetInt32());
        Assert.Equal("fifo", email.GetProperty("limitPolicy").GetString());
        Assert.True(email.GetProperty("enforceUnique").GetBoolean());
        Assert.Equal("email", email.GetProperty("normalization").GetString());

        var read = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/blueprints/support/revisions/1");
        Assert.Equal("Account", read.GetProperty("traitGroups")[0].GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Put_makes_revision_2_and_revision_1_stays_as_it_was()
    {
        await CreateAsync("versioned", "Account");
        var before = await stack.Admin.GetStringAsync("/v1/blueprints/versioned/revisions/1");

        using var put = await stack.Admin.PutAsJsonAsync("/v1/blueprints/versioned", new
        {
            traitGroups = new object[]
            {
                new { displayName = "Account", traits = new Dictionary<string, object> { ["tier"] = new { dataType = "STRING" } } },
                new { displayName = "Support", traits = new Dictionary<string, object> { ["caseId"] = new { dataType = "STRING" } } },
            },
            reason = "support data",
        });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("\"2\"", put.Headers.ETag?.Tag);
        var blueprint = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/blueprints/versioned");
        Assert.Equal(2, blueprint.GetProperty("latestRevision").GetInt32());
        Assert.Equal(2, blueprint.GetProperty("revisionCount").GetInt32());
        Assert.Equal("support data", blueprint.GetProperty("latest").GetProperty("reason").GetString());
        Assert.Equal(2, blueprint.GetProperty("latest").GetProperty("traitGroups").GetArrayLength());
        Assert.Equal(before, await stack.Admin.GetStringAsync("/v1/blueprints/versioned/revisions/1"));
        var revisions = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/blueprints/versioned/revisions");
        Assert.Equal([1, 2], revisions.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("revision").GetInt32()));
    }

    [Fact]
    public async Task Put_of_the_latest_content_again_makes_no_revision()
    {
        await CreateAsync("steady", "Account");

        using var again = await stack.Admin.PutAsJsonAsync("/v1/blueprints/steady", Content("Account"));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("latestRevision").GetInt32());
    }

    [Fact]
    public async Task Put_of_an_absent_blueprint_creates_its_revision_1()
    {
        using var put = await stack.Admin.PutAsJsonAsync("/v1/blueprints/from-put", Content("Account"));

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(1, (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("latestRevision").GetInt32());
    }

    [Fact]
    public async Task Put_with_a_stale_If_Match_is_a_412_and_makes_no_revision()
    {
        await CreateAsync("guarded", "Account");
        var etag = (await stack.Admin.GetAsync("/v1/blueprints/guarded")).Headers.ETag!.Tag;
        using var first = await PutAsync("guarded", Content("Billing"), etag);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var stale = await PutAsync("guarded", Content("Other"), etag);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, (await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/blueprints/guarded")).GetProperty("latestRevision").GetInt32());
    }

    [Fact]
    public async Task Create_of_a_taken_name_is_a_409_and_keeps_the_blueprint()
    {
        await CreateAsync("taken", "Account");

        using var again = await stack.Admin.PostAsJsonAsync("/v1/blueprints", new { name = "taken", traitGroups = new[] { new { displayName = "Other" } } });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        var blueprint = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/blueprints/taken");
        Assert.Equal("Account", blueprint.GetProperty("latest").GetProperty("traitGroups")[0].GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task The_list_pages_through_every_blueprint()
    {
        for (var i = 0; i < 3; i++) await CreateAsync($"paged-{i}", "Account");

        var names = new List<string>();
        string? cursor = null;
        do
        {
            var page = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/blueprints?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            names.AddRange(page.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("name").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);

        Assert.Equal(["paged-0", "paged-1", "paged-2"], names.Where(n => n.StartsWith("paged-", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("/v1/blueprints/no-such-blueprint")]
    [InlineData("/v1/blueprints/no-such-blueprint/revisions")]
    [InlineData("/v1/blueprints/no-such-blueprint/revisions/1")]
    public async Task Unknown_blueprints_and_revisions_are_404_problems(string url)
    {
        using var response = await stack.Admin.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_revision_past_the_latest_is_a_404()
    {
        await CreateAsync("one-revision", "Account");

        using var response = await stack.Admin.GetAsync("/v1/blueprints/one-revision/revisions/2");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_control_plane_key_is_refused_every_blueprint_endpoint_with_403_and_no_key_with_401()
    {
        await CreateAsync("admins-only", "Account");
        var requests = new Func<HttpClient, Task<HttpResponseMessage>>[]
        {
            c => c.PostAsJsonAsync("/v1/blueprints", new { name = "by-control-plane" }),
            c => c.PutAsJsonAsync("/v1/blueprints/admins-only", Content("Other")),
            c => c.GetAsync("/v1/blueprints"),
            c => c.GetAsync("/v1/blueprints/admins-only"),
            c => c.GetAsync("/v1/blueprints/admins-only/revisions"),
            c => c.GetAsync("/v1/blueprints/admins-only/revisions/1"),
        };
        using var anonymous = stack.CreateClient(apiKey: null);

        foreach (var request in requests)
        {
            using var refused = await request(stack.ControlPlane);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            using var unauthenticated = await request(anonymous);
            Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        }
        Assert.Equal(1, (await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/blueprints/admins-only")).GetProperty("latestRevision").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Admin.GetAsync("/v1/blueprints/by-control-plane")).StatusCode);
    }

    private static object Content(string group) =>
        new { traitGroups = new[] { new { displayName = group, traits = new Dictionary<string, object> { ["tier"] = new { dataType = "STRING" } } } } };

    private async Task CreateAsync(string name, string group)
    {
        using var created = await stack.Admin.PostAsJsonAsync("/v1/blueprints", new
        {
            name,
            traitGroups = new[] { new { displayName = group, traits = new Dictionary<string, object> { ["tier"] = new { dataType = "STRING" } } } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private Task<HttpResponseMessage> PutAsync(string name, object content, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/blueprints/{name}") { Content = JsonContent.Create(content) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return stack.Admin.SendAsync(request);
    }
}
