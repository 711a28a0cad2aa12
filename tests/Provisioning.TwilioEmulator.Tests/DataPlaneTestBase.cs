using System.Net;
using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Tests;

/// <summary>
/// Raw HTTP with Basic auth for the Memory data plane (contract §11), which the Twilio C# SDK 8.2.0 does not cover.
/// Calls go as the parent account unless other credentials are given.
/// </summary>
public abstract class DataPlaneTestBase(EmulatorFixture emulator) : EmulatorTestBase(emulator)
{
    protected static string ProfilesUrl(string storeId) => $"https://memory.twilio.com/v1/Stores/{storeId}/Profiles";

    protected static string ProfileUrl(string storeId, string profileId) => $"{ProfilesUrl(storeId)}/{profileId}";

    /// <summary>The status and the JSON object body (empty when the response has none).</summary>
    protected async Task<(HttpStatusCode Status, JsonObject Body)> CallAsync(
        HttpMethod method, string url, string? json = null, string? username = null, string? password = null)
    {
        using var response = await SendRawAsync(method, url, username ?? Emulator.ParentAccountSid, password ?? Emulator.ParentAuthToken, json);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>A store that is ACTIVE at once, so its data plane answers straight away.</summary>
    protected async Task<string> CreateStoreAsync(string displayName = "data-plane", string? accountSid = null) =>
        (await Emulator.CreateStoreOutOfBandAsync(accountSid ?? Emulator.ParentAccountSid, displayName)).Id;

    protected async Task<string> CreateProfileAsync(string storeId, string traitsJson, string? username = null, string? password = null)
    {
        var (status, body) = await CallAsync(HttpMethod.Post, ProfilesUrl(storeId), $$"""{"traits":{{traitsJson}}}""", username, password);
        Assert.Equal(HttpStatusCode.Accepted, status);
        return (string)body["id"]!;
    }

    /// <summary>Twilio's classic error body with the code the emulator pairs with the status (400 → 400, 404 → 20404).</summary>
    protected static void AssertError(HttpStatusCode expected, (HttpStatusCode Status, JsonObject Body) reply)
    {
        Assert.Equal(expected, reply.Status);
        Assert.Equal((int)expected, (int)reply.Body["status"]!);
        Assert.Equal(expected == HttpStatusCode.NotFound ? 20404 : (int)expected, (int)reply.Body["code"]!);
        Assert.False(string.IsNullOrEmpty((string?)reply.Body["message"]));
    }

    protected static IReadOnlyList<string> Strings(JsonNode? array) => [.. array!.AsArray().Select(item => (string)item!)];

    protected static IReadOnlyList<string> Contents(JsonNode? memories) => [.. memories!.AsArray().Select(m => (string)m!["content"]!)];
}
