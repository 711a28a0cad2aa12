using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Webhooks;

/// <summary>
/// A tenant's callbackUrl cannot starve the operator's webhooks: the operator's receiver has workers of its own, and a
/// tenant receiver host that stops answering has its circuit opened, its deliveries deferred instead of holding workers.
/// At shipped defaults (5 tenant workers, 10 s timeout, 5 failures in a row open a circuit for a minute).
/// </summary>
public sealed class WebhookIsolationTests(WebhookStack stack) : IClassFixture<WebhookStack>
{
    private const int BlackHoleTenants = 8;

    [Fact]
    public async Task Tenants_whose_receiver_never_answers_hold_no_worker_the_operator_needs_and_open_their_hosts_circuit()
    {
        await using var blackHole = new BlackHoleReceiver();
        await Task.WhenAll(Enumerable.Range(1, BlackHoleTenants).Select(async i =>
        {
            using var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = $"hole-{i}", callbackUrl = blackHole.Url });
            response.EnsureSuccessStatusCode();
        }));
        // Every tenant worker is now waiting on a receiver that will not answer.
        await Eventually.HoldsAsync(() => Task.FromResult(blackHole.Connections >= 5), "five attempts held by the black hole");
        Assert.Equal(0, blackHole.HangUps);

        using (var response = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new { clientId = "operator-prompt" }))
            response.EnsureSuccessStatusCode();
        var hangUpsWhenDelivered = -1;
        await Eventually.HoldsAsync(() =>
        {
            var hangUps = blackHole.HangUps;
            var delivered = stack.Receiver.Received.Any(w => w.Body.Contains("\"operator-prompt\"", StringComparison.Ordinal)
                                                             && w.Body.Contains("tenant.ready", StringComparison.Ordinal));
            if (delivered) hangUpsWhenDelivered = hangUps;
            return Task.FromResult(delivered);
        }, "the operator's tenant.ready webhook of operator-prompt");
        // Delivered while every attempt to the black hole was still waiting: no tenant worker had come free for it.
        Assert.Equal(0, hangUpsWhenDelivered);

        // Five attempts in a row without an answer open the host's circuit: the rest are deferred, visibly, without an attempt.
        JsonElement? deferred = null;
        await Eventually.HoldsAsync(async () =>
        {
            foreach (var i in Enumerable.Range(1, BlackHoleTenants))
                foreach (var delivery in (await stack.Admin.GetFromJsonAsync<JsonElement>($"/v1/tenants/hole-{i}/webhooks?limit=200")).GetProperty("items").EnumerateArray())
                    if (delivery.GetProperty("url").GetString() == blackHole.Url && delivery.GetProperty("deferredUntil").ValueKind == JsonValueKind.String)
                        deferred = delivery;
            return deferred is not null;
        }, "a delivery to the black hole deferred by its open circuit", TimeSpan.FromSeconds(60));
        Assert.StartsWith("deferred:", deferred!.Value.GetProperty("lastError").GetString());
        Assert.True(deferred.Value.GetProperty("deferredUntil").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddSeconds(10));
        Assert.Equal(JsonValueKind.Null, deferred.Value.GetProperty("deliveredAt").ValueKind);
        await stack.WaitForStatusAsync("hole-1", TenantStatus.Ready);
    }
}
