using System.Net.Http.Json;
using Npgsql;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Webhooks;

/// <summary>
/// A delivery row is written in the transaction of the change it announces and its job is enqueued after the commit.
/// When the process dies in between, the row has no job: the outbox relay, at its shipped settings, still sends it.
/// </summary>
public sealed class WebhookOutboxRelayTests(WebhookStack stack) : IClassFixture<WebhookStack>
{
    [Fact]
    public async Task A_delivery_whose_job_was_never_enqueued_is_still_delivered_once()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "outbox-1" });
        await stack.WaitForStatusAsync("outbox-1", TenantStatus.Ready);
        await Eventually.HoldsAsync(() => Task.FromResult(stack.Receiver.Received.Any(r => r.Body.Contains("outbox-1"))), "the ready webhook");

        // What a process killed between the commit and the enqueue leaves: the row as the change wrote it (its
        // payload, its receiver), no job, not dispatched, not delivered; written a minute ago, before the crash.
        var deliveryId = Guid.CreateVersion7();
        await using (var connection = new NpgsqlConnection(stack.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("""
                insert into webhook_deliveries (id, tenant_id, client_id, event_type, url, payload, attempts, created_at)
                select $1, tenant_id, client_id, 'tenant.failed', url,
                       jsonb_set(jsonb_set(payload, '{id}', to_jsonb($1::text)), '{type}', '"tenant.failed"'), 0, now() - interval '1 minute'
                from webhook_deliveries where client_id = 'outbox-1' limit 1
                """, connection);
            insert.Parameters.AddWithValue(deliveryId);
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }

        await Eventually.HoldsAsync(() => Task.FromResult(stack.Receiver.Received.Any(r => r.DeliveryId == deliveryId.ToString())),
            "the relay to send the delivery no job knew of", TimeSpan.FromSeconds(60));
        // Relayed once, not again at each look.
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Single(stack.Receiver.Received, r => r.DeliveryId == deliveryId.ToString());
        // The delivery whose job was enqueued after its commit is not relayed a second time either.
        Assert.Single(stack.Receiver.Received, r => r.Body.Contains("outbox-1") && r.Body.Contains("\"tenant.ready\""));
    }
}
