using System.Net;
using System.Net.Http.Json;
using Provisioning.Api.Tenants;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Tenants;

/// <summary>
/// Bulk onboarding: each item of <c>POST /v1/tenants:batch</c> is answered as its own signup would be, and the
/// batch sent again changes nothing. The pool here holds ten tenants (no subaccounts), so a large batch waits
/// Pending instead of provisioning: what is tested is the signup, not the sagas.
/// </summary>
public sealed class BatchSignupTests(BatchSignupTests.SmallPoolStack stack) : IClassFixture<BatchSignupTests.SmallPoolStack>
{
    public sealed class SmallPoolStack() : ProvisioningStack(("Twilio:MaxSubaccounts", "0"), ("AccountPool:CapacityRetryInterval", "00:10:00"));

    [Fact]
    public async Task Each_item_is_answered_as_its_own_signup_and_the_batch_again_changes_nothing()
    {
        await stack.ControlPlane.PostAsJsonAsync("/v1/tenants", new
        {
            clientId = "holder", orchestrator = new { channels = new Dictionary<string, object> { ["SMS"] = new { addresses = new[] { "+15557770001" } } } },
        });
        object[] items =
        [
            new { clientId = "batch-1" },
            new { clientId = "batch-2", displayName = "Two" },
            new { clientId = "Bad Id" },
            new { clientId = "batch-1" },
            new { clientId = "batch-3", orchestrator = new { channels = new Dictionary<string, object> { ["SMS"] = new { addresses = new[] { "+15557770001" } } } } },
            new { clientId = "holder", displayName = "Other settings" },
            new { clientId = "batch-4" },
        ];

        var first = await stack.BatchAsync(items);
        Assert.Equal([202, 202, 400, 409, 409, 409, 202], BatchSignups.Statuses(first));
        Assert.True(first.GetProperty("results")[2].GetProperty("problem").GetProperty("errors").TryGetProperty("clientId", out _));
        Assert.Contains("earlier in this batch", first.GetProperty("results")[3].GetProperty("problem").GetProperty("detail").GetString());
        Assert.Contains("+15557770001", first.GetProperty("results")[4].GetProperty("problem").GetProperty("detail").GetString());
        Assert.Equal(3, first.GetProperty("accepted").GetInt32());
        var rows = await stack.CountAsync("SELECT count(*) FROM tenants");

        var again = await stack.BatchAsync(items);
        Assert.Equal([200, 200, 400, 409, 409, 409, 200], BatchSignups.Statuses(again));
        Assert.Equal(rows, await stack.CountAsync("SELECT count(*) FROM tenants"));
        Assert.Equal(0, await stack.CountAsync("SELECT count(*) FROM tenants WHERE client_id IN ('batch-3', 'Bad Id')"));
        Assert.Equal("Ready", (await stack.WaitForStatusAsync("batch-2", TenantStatus.Ready)).Status);
    }

    [Fact]
    public async Task More_than_1000_items_or_none_is_a_400()
    {
        using var tooMany = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants:batch", new { tenants = Enumerable.Range(0, 1001).Select(i => new { clientId = $"x-{i}" }) });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        using var empty = await stack.ControlPlane.PostAsJsonAsync("/v1/tenants:batch", new { tenants = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(0, await stack.CountAsync("SELECT count(*) FROM tenants WHERE client_id LIKE 'x-%'"));
    }
}
