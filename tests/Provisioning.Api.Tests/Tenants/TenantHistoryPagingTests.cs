using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Api.Data;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.Api.Webhooks;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>
/// A tenant's audit trail and webhook deliveries grow without bound; they are read a page at a time, as tenants are:
/// a bounded page and an opaque cursor that walks every item once, oldest first.
/// </summary>
public sealed class TenantHistoryPagingTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    private const int Recorded = 230;

    [Fact]
    public async Task Events_come_50_a_page_by_default_and_the_cursor_walks_them_all_once()
    {
        var tenantId = await stack.RecordIdleTenantAsync("paged-events");
        await using (var scope = stack.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>();
            var at = DateTimeOffset.UtcNow;
            for (var i = 0; i < Recorded; i++)
                db.TenantEvents.Add(new TenantEvent(tenantId, "paged-events", "test", "Noted", $"event {i:D3}", null, null, at.AddMilliseconds(i)));
            await db.SaveChangesAsync();
        }
        var total = await stack.CountAsync("SELECT count(*) FROM tenant_events WHERE client_id = 'paged-events'");

        var first = await stack.ControlPlane.GetFromJsonAsync<JsonElement>("/v1/tenants/paged-events/events");
        var walked = await WalkAsync(stack.ControlPlane, "/v1/tenants/paged-events/events?limit=200");

        Assert.Equal(50, first.GetProperty("items").GetArrayLength());
        Assert.NotNull(first.GetProperty("nextCursor").GetString());
        Assert.Equal(2, walked.Pages);
        Assert.Equal(total, walked.Items.Count);
        var reasons = walked.Items.Where(e => e.GetProperty("action").GetString() == "Noted").Select(e => e.GetProperty("reason").GetString()).ToList();
        Assert.Equal(Enumerable.Range(0, Recorded).Select(i => $"event {i:D3}"), reasons);
        await AssertBadQueriesRefusedAsync(stack.ControlPlane, "/v1/tenants/paged-events/events");
    }

    [Fact]
    public async Task Webhook_deliveries_come_50_a_page_by_default_and_the_cursor_walks_them_all_once()
    {
        var tenantId = await stack.RecordIdleTenantAsync("paged-hooks");
        var recorded = new List<Guid>();
        await using (var scope = stack.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>();
            var at = DateTimeOffset.UtcNow;
            for (var i = 0; i < Recorded; i++)
            {
                var delivery = new WebhookDelivery(Guid.CreateVersion7(at.AddMilliseconds(i)), tenantId, "paged-hooks", "tenant.ready", "https://hooks.isv.example/events", "{}", at);
                delivery.RecordAttempt(200, null, at);
                recorded.Add(delivery.Id);
                db.WebhookDeliveries.Add(delivery);
            }
            await db.SaveChangesAsync();
        }

        var first = await stack.Admin.GetFromJsonAsync<JsonElement>("/v1/tenants/paged-hooks/webhooks");
        var walked = await WalkAsync(stack.Admin, "/v1/tenants/paged-hooks/webhooks?limit=70");

        Assert.Equal(50, first.GetProperty("items").GetArrayLength());
        Assert.NotNull(first.GetProperty("nextCursor").GetString());
        Assert.Equal(4, walked.Pages);
        Assert.Equal(recorded, walked.Items.Select(d => d.GetProperty("id").GetGuid()));
        await AssertBadQueriesRefusedAsync(stack.Admin, "/v1/tenants/paged-hooks/webhooks");
    }

    /// <summary>Follows <c>nextCursor</c> from the first page to the last.</summary>
    private static async Task<(List<JsonElement> Items, int Pages)> WalkAsync(HttpClient client, string url)
    {
        var items = new List<JsonElement>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>(cursor is null ? url : $"{url}&cursor={Uri.EscapeDataString(cursor)}");
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        } while (cursor is not null);
        return (items, pages);
    }

    private static async Task AssertBadQueriesRefusedAsync(HttpClient client, string url)
    {
        foreach (var query in new[] { "?limit=0", "?limit=201", "?limit=ten", "?cursor=not-a-cursor" })
        {
            using var response = await client.GetAsync(url + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
