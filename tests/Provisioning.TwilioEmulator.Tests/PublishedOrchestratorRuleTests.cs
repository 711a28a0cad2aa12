using System.Net;
using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Tests;

/// <summary>The Conversation Orchestrator rules of contract §12.4 that the emulator models: error shapes (P23) and id prefixes (P24).</summary>
public sealed class PublishedOrchestratorRuleTests(EmulatorFixture emulator) : EmulatorTestBase(emulator)
{
    private const string ConfigurationsUrl = "https://conversations.twilio.com/v2/ControlPlane/Configurations";

    [Fact]
    public async Task P23_errors_are_classic_by_default()
    {
        var (status, body) = await GetJsonAsync($"{ConfigurationsUrl}/conv_configuration_00000000000000000000000000");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(["code", "message", "more_info", "status"], body.Select(p => p.Key).Order());
    }

    [Fact]
    public async Task P23_the_troubleshooting_shape_carries_code_httpStatusCode_message_userError_and_params_on_v2_only()
    {
        await Emulator.UpdateSettingsAsync(new { OrchestratorErrorShape = "Troubleshooting" });

        var (status, body) = await GetJsonAsync($"{ConfigurationsUrl}/conv_configuration_00000000000000000000000000");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(["code", "httpStatusCode", "message", "params", "userError"], body.Select(p => p.Key).Order());
        Assert.Equal((20404, 404, true), ((int)body["code"]!, (int)body["httpStatusCode"]!, (bool)body["userError"]!));

        // Scripted faults and authentication failures on /v2 take the shape too; Memory keeps the classic one.
        using (var unauthenticated = await SendRawAsync(HttpMethod.Get, ConfigurationsUrl, Emulator.ParentAccountSid, "wrong-token"))
        {
            var error = JsonNode.Parse(await unauthenticated.Content.ReadAsStringAsync())!.AsObject();
            Assert.Equal((HttpStatusCode.Unauthorized, 20003, 401), (unauthenticated.StatusCode, (int)error["code"]!, (int)error["httpStatusCode"]!));
        }
        var (_, memoryError) = await GetJsonAsync("https://memory.twilio.com/v1/ControlPlane/Stores/mem_store_00000000000000000000000000");
        Assert.True(memoryError.ContainsKey("more_info"));
        Assert.False(memoryError.ContainsKey("httpStatusCode"));
    }

    [Fact]
    public async Task P24_configuration_ids_can_carry_the_cfg_prefix_everywhere_the_id_appears()
    {
        await Emulator.UpdateSettingsAsync(new { ConfigurationIdPrefix = "cfg_configuration_", ConfigurationIdInCreateResponse = "Always" });
        var storeId = await CreateActiveStoreAsync(ParentClient, "client-cfg");

        using var created = await SendAsParentAsync(HttpMethod.Post, ConfigurationsUrl,
            $$"""{"displayName":"client-cfg","description":"d","conversationGroupingType":"GROUP_BY_PROFILE","memoryStoreId":"{{storeId}}"}""");
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var configurationId = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["related"]!["configurationId"]!;

        Assert.Matches("^cfg_configuration_[0-7][0-9a-z]{25}$", configurationId);
        var (status, configuration) = await GetJsonAsync($"{ConfigurationsUrl}/{configurationId}");
        Assert.Equal((HttpStatusCode.OK, configurationId), (status, (string)configuration["id"]!));
        Assert.Equal("conv_configuration_", new EmulatorOptions().ConfigurationIdPrefix);
    }

    [Fact]
    public async Task P24_an_unpublished_prefix_is_refused()
    {
        using var client = new HttpClient { BaseAddress = Emulator.BaseUri };
        using var response = await client.PutAsync("/_emulator/settings",
            new StringContent("""{"configurationIdPrefix":"xyz_"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> GetJsonAsync(string url)
    {
        using var response = await SendAsParentAsync(HttpMethod.Get, url);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
