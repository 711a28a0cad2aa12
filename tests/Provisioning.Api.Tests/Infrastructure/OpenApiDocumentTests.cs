using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Infrastructure;

/// <summary>docs/openapi.json is what the running service serves; /docs shows it.</summary>
[Collection(ProvisioningStackCollection.Name)]
public sealed class OpenApiDocumentTests(ProvisioningStack stack)
{
    private const string CommittedPath = "docs/openapi.json";

    [Fact]
    public async Task Committed_openapi_document_matches_the_running_service()
    {
        using var client = stack.CreateClient(apiKey: null);
        var served = Normalize(await client.GetStringAsync("/openapi/v1.json"));
        var path = Path.Combine(RepositoryRoot(), CommittedPath);

        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI_DOC") == "1")
            await File.WriteAllTextAsync(path, served + "\n");

        Assert.True(File.Exists(path) && Normalize(await File.ReadAllTextAsync(path)) == served,
            $"{CommittedPath} is stale. Regenerate it: UPDATE_OPENAPI_DOC=1 dotnet test --filter {nameof(OpenApiDocumentTests)}");
    }

    [Fact]
    public async Task Document_describes_every_endpoint_with_the_api_key_scheme_and_problem_responses()
    {
        using var client = stack.CreateClient(apiKey: null);
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/v1/tenants", paths);
        Assert.Contains("/v1/tenants/{clientId}/reprovision", paths);
        Assert.Contains("/v1/accounts", paths);
        Assert.Contains("/v1/reconciliations", paths);
        Assert.Equal("X-Api-Key", document["components"]!["securitySchemes"]!["ApiKey"]!["name"]!.GetValue<string>());
        var create = document["paths"]!["/v1/tenants"]!["post"]!;
        Assert.False(string.IsNullOrEmpty(create["summary"]?.GetValue<string>()));
        foreach (var status in new[] { "202", "400", "401", "403", "409" })
            Assert.NotNull(create["responses"]![status]);
        Assert.Equal("acme", create["requestBody"]!["content"]!["application/json"]!["example"]!["clientId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Interactive_reference_is_served_at_docs()
    {
        using var client = stack.CreateClient(apiKey: null);

        using var response = await client.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    private static string Normalize(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Provisioning.sln"))) return dir.FullName;
        throw new InvalidOperationException("Provisioning.sln not found above the test binaries.");
    }
}
