using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.Api.Webhooks;

namespace Provisioning.Api.Tests.Webhooks;

/// <summary>
/// A webhook body is the whole tenant as it was, personal fields included: at the shipped Webhooks:PayloadRetention
/// (7 days), the recurring payload retention redacts the body (and a tenant receiver's URL) of a delivery that finished
/// longer ago, and leaves a fresh one alone. Rows are backdated: the default itself is what is proven.
/// </summary>
public sealed class WebhookPayloadRetentionTests(WebhookStack stack) : IClassFixture<WebhookStack>
{
    [Fact]
    public async Task Deliveries_finished_longer_ago_than_the_default_retention_lose_their_body_and_fresh_ones_keep_it()
    {
        await SignUpAsync("keep-old", "Old Client Name", "?isv=old-4242");
        await SignUpAsync("keep-new", "New Client Name", "?isv=new-4242");
        await SignUpAsync("keep-failed", "Failed Client Name", "?isv=failed-4242");
        // Eight days ago, just past the default retention; and one that was given up eight days ago, never delivered.
        await ExecuteAsync("""
            UPDATE webhook_deliveries SET created_at = created_at - interval '8 days', delivered_at = delivered_at - interval '8 days'
            WHERE client_id = 'keep-old'
            """);
        await ExecuteAsync("""
            UPDATE webhook_deliveries SET created_at = created_at - interval '8 days', delivered_at = NULL, given_up_at = now() - interval '8 days'
            WHERE client_id = 'keep-failed'
            """);

        // (Its own schedule may have run it in between; the outcome is the same.)
        await using (var scope = stack.Host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<WebhookPayloadRetention>().RunAsync(CancellationToken.None);

        foreach (var (clientId, name) in new[] { ("keep-old", "Old Client Name"), ("keep-failed", "Failed Client Name") })
        {
            var rows = await DeliveriesAsync(clientId);
            Assert.Equal(2, rows.Count);
            foreach (var (url, payload) in rows)
            {
                Assert.DoesNotContain(name, payload, StringComparison.Ordinal);
                Assert.DoesNotContain("4242", url + payload, StringComparison.Ordinal);
                var body = JsonDocument.Parse(payload).RootElement;
                Assert.True(body.GetProperty("redacted").GetBoolean());
                Assert.Equal(clientId, body.GetProperty("tenant").GetProperty("clientId").GetString());
                Assert.Equal("tenant.ready", body.GetProperty("type").GetString());
            }
            // The operator's receiver is the operator's own setting, not the client's: its URL stays.
            Assert.Single(rows, r => r.Url == stack.Receiver.Url);
            Assert.Single(rows, r => r.Url == WebhookDelivery.RedactedUrl);
            var views = await stack.Admin.GetFromJsonAsync<JsonElement>($"/v1/tenants/{clientId}/webhooks");
            Assert.All(views.GetProperty("items").EnumerateArray(), v => Assert.Equal(JsonValueKind.String, v.GetProperty("redactedAt").ValueKind));
        }
        var fresh = await DeliveriesAsync("keep-new");
        Assert.Equal(2, fresh.Count);
        Assert.All(fresh, r => Assert.Contains("New Client Name", r.Payload, StringComparison.Ordinal));

        // The job runs on its own: registered as a recurring job by the webhooks feature.
        await Eventually.HoldsAsync(() =>
        {
            using var connection = stack.Host.Services.GetRequiredService<JobStorage>().GetConnection();
            return Task.FromResult(connection.GetRecurringJobs().Any(j => j.Id == WebhookPayloadRetention.RecurringJobId));
        }, "the payload retention's recurring job");
    }

    private async Task SignUpAsync(string clientId, string displayName, string callbackQuery)
    {
        using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId, displayName, callbackUrl = stack.Receiver.Url + callbackQuery });
        response.EnsureSuccessStatusCode();
        await stack.WaitForStatusAsync(clientId, TenantStatus.Ready);
        await Eventually.HoldsAsync(async () => (await DeliveriesAsync(clientId)).Count == 2 && await CountDeliveredAsync(clientId) == 2,
            $"{clientId}'s two deliveries");
    }

    private async Task<long> CountDeliveredAsync(string clientId)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM webhook_deliveries WHERE client_id = @c AND delivered_at IS NOT NULL", connection);
        command.Parameters.AddWithValue("c", clientId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<(string Url, string Payload)>> DeliveriesAsync(string clientId)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT url, payload::text FROM webhook_deliveries WHERE client_id = @c", connection);
        command.Parameters.AddWithValue("c", clientId);
        var rows = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
