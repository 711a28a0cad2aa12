using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Api.Data;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;
using Provisioning.Api.Tests.Tenants;

namespace Provisioning.Api.Tests.Console;

/// <summary>
/// A long-lived tenant's history is read a page at a time: the console's tenant page shows the newest events, never the
/// whole trail in one read, and says where the rest is.
/// </summary>
[Collection(ProvisioningStackCollection.Name)]
public sealed partial class TenantPageHistoryTests(ProvisioningStack stack)
{
    [Fact]
    public async Task The_tenant_page_shows_the_newest_100_events_newest_first_and_points_to_the_api_for_the_rest()
    {
        const string clientId = "long-history";
        var tenantId = await stack.RecordIdleTenantAsync(clientId);
        await using (var scope = stack.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>();
            // Newer than what recording the tenant wrote, so the newest 100 are all these.
            var at = DateTimeOffset.UtcNow;
            for (var i = 0; i < 250; i++)
                db.TenantEvents.Add(new TenantEvent(tenantId, clientId, "test", "Noted", $"event {i:D3}", null, null, at.AddMilliseconds(i)));
            await db.SaveChangesAsync();
        }

        using var console = await ConsoleClient.SignInAsync(stack.Host, ProvisioningStack.AdminKey);
        var html = await console.Http.GetStringAsync($"/admin/tenants/{clientId}");

        var shown = EventReason().Matches(html).Select(m => m.Value).ToList();
        Assert.Equal(100, shown.Count);
        Assert.Equal("event 249", shown[0]);
        Assert.Equal("event 150", shown[^1]);
        Assert.Contains($"/v1/tenants/{clientId}/events", html, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"event \d{3}")]
    private static partial Regex EventReason();
}
