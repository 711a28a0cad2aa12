using System.Net;
using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Tests;

/// <summary>
/// Raw HTTP for a store's control plane (contract §12.2: trait groups, identity resolution settings, data mappings),
/// with the headers these routes use (ETag, If-Match, Operation-Id).
/// </summary>
public abstract class StoreSchemaTestBase(EmulatorFixture emulator) : DataPlaneTestBase(emulator)
{
    protected static string StoreUrl(string storeId) => $"https://memory.twilio.com/v1/ControlPlane/Stores/{storeId}";

    protected static string GroupsUrl(string storeId) => StoreUrl(storeId) + "/TraitGroups";

    protected static string GroupUrl(string storeId, string name) => $"{GroupsUrl(storeId)}/{name}";

    protected static string SettingsUrl(string storeId) => StoreUrl(storeId) + "/IdentityResolutionSettings";

    protected static string MappingsUrl(string storeId) => StoreUrl(storeId) + "/DataMappings";

    /// <summary>Status, JSON body (empty when none) and the headers, with an optional If-Match.</summary>
    protected async Task<Reply> SendAsync(HttpMethod method, string url, string? json = null, string? ifMatch = null)
    {
        var headers = ifMatch is null ? null : new Dictionary<string, string> { ["If-Match"] = ifMatch };
        using var response = await SendAsParentAsync(method, url, json, headers);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply(
            response.StatusCode,
            text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject(),
            response.Headers.ETag?.ToString(),
            response.Headers.TryGetValues("Operation-Id", out var ids) ? ids.Single() : null,
            response.Headers);
    }

    /// <summary>A write that must be accepted (202); returns when its operation has completed.</summary>
    protected async Task<Reply> AcceptedAndAppliedAsync(HttpMethod method, string url, string? json = null, string? ifMatch = null)
    {
        var reply = await SendAsync(method, url, json, ifMatch);
        Assert.True(reply.Status == HttpStatusCode.Accepted, $"{method} {url} answered {(int)reply.Status}: {reply.Body.ToJsonString()}");
        var operation = await WaitForOperationAsync(reply.OperationId!);
        Assert.Equal("COMPLETED", (string?)operation["status"]);
        return reply;
    }

    protected Task<JsonObject> WaitForOperationAsync(string operationId) =>
        PollUntilAsync(
            async () => (await SendAsync(HttpMethod.Get, $"https://memory.twilio.com/v1/ControlPlane/Operations/{operationId}")).Body,
            o => (string?)o["status"] is "COMPLETED" or "FAILED",
            $"operation {operationId}");

    /// <summary>A Twilio error with the given status and code.</summary>
    protected static void AssertCode(HttpStatusCode status, int code, Reply reply)
    {
        Assert.True(reply.Status == status, $"expected {(int)status}, got {(int)reply.Status}: {reply.Body.ToJsonString()}");
        Assert.Equal(code, (int?)reply.Body["code"]);
        Assert.Equal((int)status, (int?)reply.Body["status"]);
        Assert.False(string.IsNullOrEmpty((string?)reply.Body["message"]));
    }

    protected static IReadOnlyList<string> Names(JsonNode? groups) => [.. groups!.AsArray().Select(g => (string)g!["displayName"]!)];

    protected sealed record Reply(HttpStatusCode Status, JsonObject Body, string? ETag, string? OperationId, System.Net.Http.Headers.HttpResponseHeaders Headers);
}
