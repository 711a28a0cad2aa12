using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Reliability;

/// <summary>Inputs found to get a 500, or worse a half-written row: each is a 4xx now, and nothing is written.</summary>
public sealed class HostileInputTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    [Theory]
    [InlineData("nl\n")] // $ matched before a final newline: the tenant was created, then the Location header failed
    [InlineData("nl\r\n")]
    [InlineData("ok\u0000")]
    public async Task A_client_id_with_a_trailing_control_character_is_a_400_and_no_tenant(string clientId)
    {
        using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("clientId", out _));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM tenants WHERE client_id LIKE 'nl%' OR client_id LIKE 'ok%'"));
    }

    [Fact]
    public async Task Reasons_too_long_or_with_control_characters_are_400s_that_change_nothing()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "hostile-1" });
        await stack.WaitForStatusAsync("hostile-1", TenantStatus.Ready);
        var events = await CountAsync("SELECT count(*) FROM tenant_events WHERE client_id = 'hostile-1'");
        // 1,001 UTF-16 units ending in a surrogate pair: cut at 1,000 it was not valid text, and PostgreSQL refused it (500).
        var splitPair = Uri.EscapeDataString(new string('a', 999) + "\U0001F600");

        using (var response = await stack.Admin.DeleteAsync($"/v1/tenants/hostile-1?immediate=true&reason={splitPair}"))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using (var response = await stack.Admin.DeleteAsync("/v1/tenants/hostile-1?reason=line%0Abreak"))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using (var response = await stack.Admin.PostAsJsonAsync("/v1/tenants/hostile-1/reprovision", new { mode = "repair", reason = "tab\there" }))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using (var response = await stack.Admin.PostAsJsonAsync("/v1/tenants:retry", new { reason = new string('r', 1001) }))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        Assert.Equal("Ready", (await stack.ControlPlane.GetFromJsonAsync<TenantView>("/v1/tenants/hostile-1"))!.Status);
        Assert.Equal(events, await CountAsync("SELECT count(*) FROM tenant_events WHERE client_id = 'hostile-1'"));
    }

    [Fact]
    public async Task A_merge_patch_naming_a_field_twice_is_a_400_that_changes_nothing()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "hostile-2", displayName = "Before" });
        await stack.WaitForStatusAsync("hostile-2", TenantStatus.Ready);

        using var patch = new HttpRequestMessage(HttpMethod.Patch, "/v1/tenants/hostile-2")
        {
            Content = new StringContent("""{"displayName":"One","displayName":"Two"}""", System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };
        using var response = await stack.ControlPlane.SendAsync(patch);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM tenants WHERE client_id = 'hostile-2' AND display_name = 'Before' AND settings_revision = 1"));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
