using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>
/// Erasure removes the client's personal data from PostgreSQL, not only from Twilio: once offboarding has made the tenant
/// Deleted, neither the API nor any row of the tenant (its own, its addresses, its audit trail, its webhook payloads)
/// holds its display name, numbers, callback URL or status callbacks; the erasure record says what was removed.
/// </summary>
public sealed class ErasureRedactionTests(WebhookStack stack) : IClassFixture<WebhookStack>
{
    private const string ClientId = "erase-personal";
    private const string DisplayName = "Erika Mustermann Dental Practice";
    private const string SmsNumber = "+15557770101";
    private const string VoiceNumber = "+15557770102";

    [Fact]
    public async Task Offboarding_to_Deleted_leaves_no_personal_field_in_the_api_or_in_any_row_of_the_tenant()
    {
        var callbackUrl = stack.Receiver.Url + "?isv-client=erika-4711";
        var statusCallbackUrl = stack.Receiver.UrlOf("/status-erika-4711");
        string[] personal = [DisplayName, SmsNumber, VoiceNumber, "erika-4711"];
        using (var signup = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new
        {
            clientId = ClientId,
            displayName = DisplayName,
            callbackUrl,
            orchestrator = new
            {
                statusCallbacks = new[] { new { url = statusCallbackUrl, method = "POST" } },
                channels = new Dictionary<string, object>
                {
                    ["SMS"] = new { addresses = new[] { SmsNumber } },
                    ["VOICE"] = new { addresses = new[] { VoiceNumber } },
                },
            },
        }))
            Assert.Equal(HttpStatusCode.Accepted, signup.StatusCode);
        await stack.WaitForStatusAsync(ClientId, TenantStatus.Ready);
        // Both receivers got the whole tenant: the payloads that must not outlive the erasure.
        await Eventually.HoldsAsync(() => Task.FromResult(stack.Receiver.Received.Count(w => w.Body.Contains(DisplayName, StringComparison.Ordinal)) >= 2),
            "the tenant.ready webhooks");

        // An admin's reason naming a number is part of the trail, and of the client's data.
        using (var offboard = await stack.Admin.DeleteAsync($"/v1/tenants/{ClientId}?immediate=true&reason=client%20asked%20to%20stop%20{Uri.EscapeDataString(SmsNumber)}"))
            Assert.Equal(HttpStatusCode.Accepted, offboard.StatusCode);
        await stack.WaitForStatusAsync(ClientId, TenantStatus.Deleted);

        using var read = await stack.ControlPlane.GetAsync($"/v1/tenants/{ClientId}");
        var text = await read.Content.ReadAsStringAsync();
        var tenant = JsonDocument.Parse(text).RootElement;
        Assert.Equal(JsonValueKind.Null, tenant.GetProperty("displayName").ValueKind);
        Assert.Equal(JsonValueKind.Null, tenant.GetProperty("callbackUrl").ValueKind);
        Assert.Empty(tenant.GetProperty("orchestrator").GetProperty("channels").EnumerateObject());
        Assert.Empty(tenant.GetProperty("orchestrator").GetProperty("statusCallbacks").EnumerateArray());
        var erasure = tenant.GetProperty("erasure");
        Assert.Equal(JsonValueKind.String, erasure.GetProperty("redactedAt").ValueKind);
        var redacted = erasure.GetProperty("redacted").EnumerateArray().Select(f => f.GetString()).ToList();
        foreach (var field in new[] { "displayName", "callbackUrl", "orchestrator.channels", "orchestrator.statusCallbacks" })
            Assert.Contains(field, redacted);
        foreach (var value in personal) Assert.DoesNotContain(value, text, StringComparison.Ordinal);

        // The ISV still hears of the deletion at its callback URL, in a body that carries none of it either.
        await Eventually.HoldsAsync(() => Task.FromResult(stack.Receiver.Received.Count(w => w.Body.Contains("tenant.deleted", StringComparison.Ordinal)
            && w.Body.Contains(ClientId, StringComparison.Ordinal)) >= 2), "the tenant.deleted webhooks");
        foreach (var webhook in stack.Receiver.Received.Where(w => w.Body.Contains("tenant.deleted", StringComparison.Ordinal) && w.Body.Contains(ClientId, StringComparison.Ordinal)))
            foreach (var value in personal) Assert.DoesNotContain(value, webhook.Body, StringComparison.Ordinal);

        foreach (var (table, rowText) in new[]
                 {
                     ("tenants", "SELECT t::text FROM tenants t WHERE t.client_id = @clientId"),
                     ("tenant_addresses", "SELECT a::text FROM tenant_addresses a JOIN tenants t ON t.id = a.tenant_id WHERE t.client_id = @clientId"),
                     ("tenant_events", "SELECT e::text FROM tenant_events e WHERE e.client_id = @clientId"),
                     ("webhook_deliveries", "SELECT d.payload::text FROM webhook_deliveries d WHERE d.client_id = @clientId"),
                 })
            foreach (var value in personal)
                Assert.True(await CountAsync($"SELECT count(*) FROM ({rowText}) AS r(row_text) WHERE r.row_text LIKE '%' || @value || '%'", value) == 0,
                    $"{table} still holds '{value}'");
        Assert.True(await CountAsync("SELECT count(*) FROM tenant_events e WHERE e.client_id = @clientId", "") > 3, "the audit trail is kept");
    }

    private async Task<long> CountAsync(string sql, string value)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("clientId", ClientId);
        command.Parameters.AddWithValue("value", value);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
